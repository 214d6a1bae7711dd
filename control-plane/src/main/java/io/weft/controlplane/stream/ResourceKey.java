package io.weft.controlplane.stream;

import static java.util.Objects.requireNonNull;

import java.util.Locale;

import io.weft.protocol.v1.ResourceType;

/**
 * Names one resource on a stream: the service for ENDPOINTS and ROUTES, the destination for INTENTIONS,
 * empty for CERTIFICATE and TRUST_BUNDLE (as in {@code Ack}). Keepalives and TrafficReporting use type
 * UNSPECIFIED.
 */
public record ResourceKey(ResourceType type, String name) {

    static final ResourceKey KEEPALIVE = new ResourceKey(ResourceType.RESOURCE_TYPE_UNSPECIFIED, "keepalive");
    /** The one TrafficReporting request per stream; like a keepalive, not a resource. */
    static final ResourceKey TRAFFIC_REPORTING =
            new ResourceKey(ResourceType.RESOURCE_TYPE_UNSPECIFIED, "traffic-reporting");
    static final ResourceKey CERTIFICATE = new ResourceKey(ResourceType.CERTIFICATE, "");
    static final ResourceKey TRUST_BUNDLE = new ResourceKey(ResourceType.TRUST_BUNDLE, "");

    public ResourceKey {
        requireNonNull(type, "type");
        requireNonNull(name, "name");
    }

    static ResourceKey endpoints(String service) {
        return new ResourceKey(ResourceType.ENDPOINTS, service);
    }

    static ResourceKey routes(String service) {
        return new ResourceKey(ResourceType.ROUTES, service);
    }

    static ResourceKey intentions(String destination) {
        return new ResourceKey(ResourceType.INTENTIONS, destination);
    }

    /** {@code endpoints/sum}, {@code certificate}: how the status API names it. */
    @Override
    public String toString() {
        final String type = this.type.name().toLowerCase(Locale.ROOT);
        return name.isEmpty() ? type : type + '/' + name;
    }
}
