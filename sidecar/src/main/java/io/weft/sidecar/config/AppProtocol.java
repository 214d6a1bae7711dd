package io.weft.sidecar.config;

import io.weft.sidecar.config.SidecarConfig.Validation;

/** How the local app speaks; decides the loopback session protocol and the error format. */
public enum AppProtocol {
    GRPC,
    HTTP;

    /** The value sent to Consul as {@code Meta.weft-protocol}. */
    public String metaValue() {
        return name().toLowerCase();
    }

    static AppProtocol parse(String value) {
        return Validation.parseEnum(AppProtocol.class, "app-protocol", value);
    }
}
