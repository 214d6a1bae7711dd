package io.weft.devmesh.launcher;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * One HTTP/1.1 request on a socket of its own, for a {@code Host} that names a mesh service rather than
 * the address dialled: a sidecar's outbound listener routes by it, and the JDK's HTTP client does not let
 * a caller set it.
 */
final class RawHttp {
    private static final int TIMEOUT_MILLIS = 5_000;

    private RawHttp() {}

    /**
     * POSTs {@code body} to {@code path} on {@code 127.0.0.1:port} with {@code Host: host}.
     *
     * @return the response's status line ({@code HTTP/1.1 200 OK}), or {@code ""} if none came
     */
    static String post(int port, String host, String path, String contentType, byte[] body) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), TIMEOUT_MILLIS);
            socket.setSoTimeout(TIMEOUT_MILLIS);
            final OutputStream out = socket.getOutputStream();
            out.write(("POST " + path + " HTTP/1.1\r\nHost: " + host + "\r\nContent-Type: " + contentType
                       + "\r\nContent-Length: " + body.length + "\r\nConnection: close\r\n\r\n")
                              .getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            final String status = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                                                                           StandardCharsets.US_ASCII)).readLine();
            return status == null ? "" : status;
        } catch (IOException e) {
            return ""; // not answered (yet): the caller decides whether to ask again
        }
    }
}
