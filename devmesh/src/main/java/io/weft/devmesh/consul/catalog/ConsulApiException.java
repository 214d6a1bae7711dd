package io.weft.devmesh.consul.catalog;

/**
 * A request Consul would refuse, with the HTTP status and the plain-text body Consul sends
 * (for example 404 "Unknown service ID ...").
 */
public final class ConsulApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;

    public ConsulApiException(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    public static ConsulApiException badRequest(String message) {
        return new ConsulApiException(400, message);
    }

    public static ConsulApiException notFound(String message) {
        return new ConsulApiException(404, message);
    }

    public int status() {
        return status;
    }
}
