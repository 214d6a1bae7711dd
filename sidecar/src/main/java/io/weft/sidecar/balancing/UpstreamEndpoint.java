package io.weft.sidecar.balancing;

import static java.util.Objects.requireNonNull;

/**
 * One instance of an upstream service, as the control plane pushes it. The sidecar maps its
 * protobuf endpoint to this record; the balancing package never sees protobuf.
 *
 * @param instanceId the instance's id (Consul service id); together with host and port it identifies
 *                   the endpoint across pushes, so ejection state survives an update
 * @param host       an IP address or host name the sidecar can connect to
 * @param port       the instance's sidecar inbound port, 1-65535
 * @param weight     relative share of traffic, 1-65535 (Consul {@code Meta.weft-weight}; default 1)
 * @param zone       the instance's zone, {@code ""} when unknown (kept for status pages; selection
 *                   does not look at it yet)
 */
public record UpstreamEndpoint(String instanceId, String host, int port, int weight, String zone) {

    /** The largest weight accepted. */
    public static final int MAX_WEIGHT = 65_535;

    public UpstreamEndpoint {
        requireNonNull(instanceId, "instanceId");
        requireNonNull(host, "host");
        requireNonNull(zone, "zone");
        if (instanceId.isBlank()) {
            throw new IllegalArgumentException("instanceId: '" + instanceId + "' (expected: not blank)");
        }
        if (host.isBlank()) {
            throw new IllegalArgumentException("host: '" + host + "' (expected: not blank)");
        }
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("port: " + port + " (expected: 1-65535)");
        }
        if (weight < 1 || weight > MAX_WEIGHT) {
            throw new IllegalArgumentException("weight: " + weight + " (expected: 1-" + MAX_WEIGHT + ')');
        }
    }

    /** An endpoint with weight 1 and no zone. */
    public static UpstreamEndpoint of(String instanceId, String host, int port) {
        return new UpstreamEndpoint(instanceId, host, port, 1, "");
    }

    /** {@code host:port}, as shown in logs and on the status page. */
    public String authority() {
        return host.indexOf(':') >= 0 ? '[' + host + "]:" + port : host + ':' + port;
    }

    /** Whether {@code other} is the same instance at the same address (weight and zone may differ). */
    boolean sameInstance(UpstreamEndpoint other) {
        return instanceId.equals(other.instanceId) && host.equals(other.host) && port == other.port;
    }
}
