package io.weft.devmesh.consul.catalog;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

import io.weft.common.annotation.Nullable;

/**
 * One immutable version of the agent's services and checks with their indexes, and the reads the HTTP
 * API makes of it. {@link ServiceRegistry} publishes a new one after every write; a read takes the
 * current one and needs no lock, so the blocking queries that wake on a change and re-read on the event
 * loops never wait for a writer or for each other.
 *
 * @param services the agent's service instances by ID (without the server's own {@code consul})
 * @param checks the agent's checks by ID (without the node's {@code serfHealth})
 */
record CatalogSnapshot(SortedMap<String, ServiceInstance> services, SortedMap<String, HealthCheck> checks,
                       ServiceIndexes.View indexes, HealthCheck serfHealth, ServiceInstance consulService) {

    /** {@code /v1/agent/services}, by ID. */
    QueryResult<Map<String, ServiceInstance>> agentServices() {
        return new QueryResult<>(indexes.services(), services);
    }

    /** {@code /v1/agent/checks}, by ID. */
    QueryResult<Map<String, HealthCheck>> agentChecks() {
        final long idx = checks.values().stream().mapToLong(HealthCheck::modifyIndex).max().orElse(1);
        return new QueryResult<>(Math.max(idx, indexes.services()), checks);
    }

    /** {@code /v1/catalog/services}: service name → every tag used by its instances. */
    QueryResult<Map<String, List<String>>> catalogServices() {
        final Map<String, Set<String>> tags = new TreeMap<>();
        tags.put(Catalog.CONSUL_SERVICE, new LinkedHashSet<>());
        for (ServiceInstance s : services.values()) {
            tags.computeIfAbsent(s.name(), n -> new LinkedHashSet<>()).addAll(s.tags());
        }
        final Map<String, List<String>> out = new LinkedHashMap<>();
        tags.forEach((name, set) -> out.put(name, List.copyOf(set)));
        return new QueryResult<>(indexes.services(), out);
    }

    /** {@code /v1/catalog/service/:name}: the instances of one service, ordered by ID. */
    QueryResult<List<ServiceInstance>> serviceInstances(String name) {
        return new QueryResult<>(indexes.of(name), instancesOf(name));
    }

    /** {@code /v1/health/service/:name}: instances with node and service checks. */
    QueryResult<List<HealthEntry>> health(String name, boolean passingOnly) {
        final List<HealthEntry> out = new ArrayList<>();
        for (ServiceInstance s : instancesOf(name)) {
            final List<HealthCheck> cs = new ArrayList<>();
            cs.add(serfHealth);
            for (HealthCheck c : checks.values()) {
                if (c.serviceId().equals(s.id())) {
                    cs.add(c);
                }
            }
            final HealthEntry entry = new HealthEntry(s, cs);
            if (!passingOnly || entry.allPassing()) {
                out.add(entry);
            }
        }
        return new QueryResult<>(indexes.of(name), out);
    }

    /** Every check in {@code state} ("any": all), serfHealth first, then by ID. */
    QueryResult<List<HealthCheck>> checksInState(String state, long nodeIndex) {
        final List<HealthCheck> out = new ArrayList<>();
        long idx = Math.max(nodeIndex, Math.max(indexes.services(), indexes.extinction()));
        for (HealthCheck c : java.util.stream.Stream.concat(java.util.stream.Stream.of(serfHealth),
                                                            checks.values().stream()).toList()) {
            idx = Math.max(idx, c.modifyIndex());
            if ("any".equals(state) || c.status().equals(state)) {
                out.add(c);
            }
        }
        for (long nameIndex : indexes.names().values()) {
            idx = Math.max(idx, nameIndex);
        }
        return new QueryResult<>(idx, out);
    }

    /** A check by ID, the node's {@code serfHealth} included, or null. */
    @Nullable
    HealthCheck check(String checkId) {
        return Catalog.SERF_HEALTH.equals(checkId) ? serfHealth : checks.get(checkId);
    }

    /** The instances of {@code name}; the server's own {@code consul} service counts as one. */
    List<ServiceInstance> instancesOf(String name) {
        final List<ServiceInstance> out = new ArrayList<>();
        if (Catalog.CONSUL_SERVICE.equals(name)) {
            out.add(consulService);
        }
        for (ServiceInstance s : services.values()) {
            if (s.name().equals(name)) {
                out.add(s);
            }
        }
        return out;
    }
}
