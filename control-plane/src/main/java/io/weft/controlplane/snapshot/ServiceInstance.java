package io.weft.controlplane.snapshot;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One mesh instance: a Consul service instance whose port is its sidecar's inbound port.
 *
 * @param id the Consul service ID ({@code sum-1})
 * @param address the service address, or the node address when the service has none
 * @param protocol {@code grpc} or {@code http} (Meta {@code weft-protocol})
 * @param weight from Meta {@code weft-weight}, at least 1
 * @param zone from Meta {@code weft-zone}, empty when unset
 * @param tags the service's Consul tags (resolver subsets may select on them)
 */
public record ServiceInstance(String id, String address, int port, String protocol, int weight, String zone,
                              Map<String, String> meta, Health health, List<String> tags) {

    /** An instance without tags. */
    public ServiceInstance(String id, String address, int port, String protocol, int weight, String zone,
                           Map<String, String> meta, Health health) {
        this(id, address, port, protocol, weight, zone, meta, health, List.of());
    }

    public ServiceInstance {
        requireNonNull(id, "id");
        requireNonNull(address, "address");
        requireNonNull(protocol, "protocol");
        requireNonNull(zone, "zone");
        requireNonNull(health, "health");
        meta = Collections.unmodifiableSortedMap(new TreeMap<>(requireNonNull(meta, "meta")));
        tags = List.copyOf(tags);
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port: " + port + " (expected: 1..65535)");
        }
        if (weight < 1) {
            throw new IllegalArgumentException("weight: " + weight + " (expected: >= 1)");
        }
    }
}
