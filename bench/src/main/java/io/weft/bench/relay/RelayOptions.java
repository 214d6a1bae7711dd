package io.weft.bench.relay;

import java.io.File;
import java.net.InetSocketAddress;
import java.nio.file.Path;

import io.weft.common.annotation.Nullable;

import picocli.CommandLine.Option;

/**
 * What both relays take: where to listen and where to relay to, which side speaks mTLS, and the files of
 * that chain (a leaf + intermediate chain, its PKCS#8 key, the CA root every peer is verified against).
 */
public final class RelayOptions {

    @Option(names = "--listen", paramLabel = "HOST:PORT", required = true,
            description = "where the relay accepts HTTP/2 (h2c, or mTLS with --listen-tls)")
    String listen = "";

    @Option(names = "--to", paramLabel = "HOST:PORT", required = true,
            description = "the next hop (h2c, or mTLS with --to-tls)")
    String to = "";

    @Option(names = "--listen-tls", description = "the listener speaks TLS and requires a client certificate")
    boolean listenTls;

    @Option(names = "--to-tls", description = "the next hop speaks TLS; this relay presents --cert to it")
    boolean toTls;

    @Option(names = "--to-name", paramLabel = "NAME", defaultValue = "",
            description = "the name the next hop's certificate must carry (also sent as SNI); with --to-tls")
    String toName = "";

    @Option(names = "--cert", paramLabel = "FILE", description = "this hop's certificate chain (PEM)")
    @Nullable File cert;

    @Option(names = "--key", paramLabel = "FILE", description = "this hop's private key (PKCS#8 PEM)")
    @Nullable File key;

    @Option(names = "--ca", paramLabel = "FILE", description = "the CA root that peers' certificates chain to")
    @Nullable File ca;

    @Option(names = "--stats-file", paramLabel = "FILE",
            description = "where to write the wire counters (flushes, TLS records), rewritten each second")
    @Nullable Path statsFile;

    /** {@code listen (mTLS) -> to (mTLS, name)}, for the one line a relay logs. */
    String describe() {
        return listen + (listenTls ? " mTLS" : " h2c") + " -> " + to + (toTls ? " mTLS " + toName() : " h2c");
    }

    InetSocketAddress listenAddress() {
        return address("--listen", listen);
    }

    InetSocketAddress toAddress() {
        return address("--to", to);
    }

    /** The name the next hop must prove: {@code --to-name}, else the host of {@code --to}. */
    String toName() {
        return toName.isEmpty() ? toAddress().getHostString() : toName;
    }

    File cert() {
        return tlsFile("--cert", cert);
    }

    File key() {
        return tlsFile("--key", key);
    }

    File ca() {
        return tlsFile("--ca", ca);
    }

    private static File tlsFile(String option, @Nullable File file) {
        if (file == null) {
            throw new IllegalArgumentException(option + ": missing (expected: a PEM file with --listen-tls or --to-tls)");
        }
        return file;
    }

    static InetSocketAddress address(String option, String hostPort) {
        final int colon = hostPort.lastIndexOf(':');
        try {
            if (colon > 0) {
                return new InetSocketAddress(hostPort.substring(0, colon),
                                             Integer.parseInt(hostPort.substring(colon + 1)));
            }
        } catch (IllegalArgumentException e) {
            // falls through to the message below
        }
        throw new IllegalArgumentException(option + ": " + hostPort + " (expected: HOST:PORT)");
    }
}
