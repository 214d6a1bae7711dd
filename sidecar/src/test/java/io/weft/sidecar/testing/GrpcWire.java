package io.weft.sidecar.testing;

import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.common.RequestHeadersBuilder;

/** gRPC at the wire level, for tests that send raw calls (e.g. to {@link GrpcEchoApp}) through a listener. */
public final class GrpcWire {

    /** The headers of a gRPC call to {@code path}. */
    public static RequestHeadersBuilder request(String path) {
        return RequestHeaders.builder(HttpMethod.POST, path).contentType(MediaType.parse("application/grpc"))
                             .add("te", "trailers");
    }

    /** One gRPC message: uncompressed flag, 4-byte length, the bytes. */
    public static byte[] frame(byte[] message) {
        final byte[] framed = new byte[message.length + 5];
        framed[1] = (byte) (message.length >>> 24);
        framed[2] = (byte) (message.length >>> 16);
        framed[3] = (byte) (message.length >>> 8);
        framed[4] = (byte) message.length;
        System.arraycopy(message, 0, framed, 5, message.length);
        return framed;
    }

    /** The call's {@code grpc-status}: from the trailers, or the headers of a trailers-only answer. */
    public static String status(AggregatedHttpResponse res) {
        final String trailers = res.trailers().get("grpc-status");
        return trailers != null ? trailers : res.headers().get("grpc-status");
    }

    private GrpcWire() {}
}
