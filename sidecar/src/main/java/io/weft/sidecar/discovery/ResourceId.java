package io.weft.sidecar.discovery;

import io.weft.protocol.v1.ResourceType;

/**
 * A resource the control plane pushes, as an ACK names it: its type and, for the per-service ones
 * (endpoints, intentions), the service; {@code name} is empty for the certificate and the trust bundle.
 */
public record ResourceId(ResourceType type, String name) {

    /** {@code ENDPOINTS/sum}, or just {@code TRUST_BUNDLE}: how /config lists ACKed versions. */
    public String key() {
        return name.isEmpty() ? type.name() : type.name() + '/' + name;
    }
}
