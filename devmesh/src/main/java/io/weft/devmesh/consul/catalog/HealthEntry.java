package io.weft.devmesh.consul.catalog;

import java.util.List;

/** One row of {@code /v1/health/service/:name}: an instance with its node and service checks. */
public record HealthEntry(ServiceInstance service, List<HealthCheck> checks) {
    public HealthEntry {
        checks = List.copyOf(checks);
    }

    /** Consul's {@code ?passing} filter: every check, node checks included, must be passing. */
    public boolean allPassing() {
        return checks.stream().allMatch(c -> HealthStatus.PASSING.equals(c.status()));
    }
}
