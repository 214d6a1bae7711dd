package io.weft.sidecar.config;

/** What the sidecar fronts: an application instance, or nothing (the mesh's edge). */
public enum Mode {
    /** Inbound mTLS listener in front of a local app, plus the outbound listener. */
    SIDECAR,
    /** No app and no inbound listener; a plaintext edge listener takes the outbound path. */
    GATEWAY
}
