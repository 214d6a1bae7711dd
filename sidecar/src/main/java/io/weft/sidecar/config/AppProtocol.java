package io.weft.sidecar.config;

/** How the local app speaks; decides the loopback session protocol and the error format. */
public enum AppProtocol {
    GRPC,
    HTTP;

    /** The value sent to Consul as {@code Meta.weft-protocol}. */
    public String metaValue() {
        return name().toLowerCase();
    }
}
