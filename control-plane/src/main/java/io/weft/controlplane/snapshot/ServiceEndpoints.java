package io.weft.controlplane.snapshot;

import static java.util.Objects.requireNonNull;

import java.util.Comparator;
import java.util.List;

/**
 * The current instances of one mesh service.
 *
 * @param version the snapshot version in which this set last changed (the resource version sidecars ACK)
 * @param instances sorted by id
 */
public record ServiceEndpoints(String name, long version, List<ServiceInstance> instances) {

    public ServiceEndpoints {
        requireNonNull(name, "name");
        instances = instances.stream().sorted(Comparator.comparing(ServiceInstance::id)).toList();
    }

    /** The instances a sidecar may send traffic to (Consul says {@code passing}). */
    public List<ServiceInstance> passing() {
        return instances.stream().filter(i -> i.health() == Health.PASSING).toList();
    }
}
