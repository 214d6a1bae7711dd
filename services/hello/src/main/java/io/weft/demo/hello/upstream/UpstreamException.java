package io.weft.demo.hello.upstream;

import java.net.URI;

import io.grpc.Status;

/** A call to {@code sum} failed; carries the gRPC status and where the call went. */
public final class UpstreamException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient Status status;
    private final URI upstream;

    UpstreamException(Status status, URI upstream, String authority) {
        super(describe(status, upstream, authority), status.getCause());
        this.status = status;
        this.upstream = upstream;
    }

    /** The gRPC status of the failed call. */
    public Status status() {
        return status;
    }

    /** Where the call was sent. */
    public URI upstream() {
        return upstream;
    }

    private static String describe(Status status, URI upstream, String authority) {
        final StringBuilder message = new StringBuilder()
                .append("sum at ").append(upstream).append(" (authority ").append(authority).append(") failed: ")
                .append(status.getCode());
        // A transport failure (e.g. connection refused) is clearest in the words of its root cause.
        final Throwable cause = status.getCause();
        final String detail = cause != null ? rootMessage(cause) : status.getDescription();
        if (detail != null) {
            message.append(": ").append(detail);
        }
        return message.toString();
    }

    private static String rootMessage(Throwable cause) {
        Throwable root = cause;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
    }
}
