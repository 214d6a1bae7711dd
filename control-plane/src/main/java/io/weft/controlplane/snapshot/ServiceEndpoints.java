package io.weft.controlplane.snapshot;

import static java.util.Objects.requireNonNull;

import java.util.Comparator;
import java.util.List;
import java.util.Map;

import io.weft.common.filter.Filter;
import io.weft.common.filter.FilterException;
import io.weft.controlplane.chain.ChainTarget;
import io.weft.controlplane.chain.ServiceResolver;

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

    /**
     * The ids of the instances in {@code target}'s subset that may get traffic: those its filter selects, as
     * Consul evaluates a resolver subset filter over a health entry ({@code Service.Meta.version == v2},
     * {@code "canary" in Service.Tags}); every instance when the target has no subset filter. Passing and
     * warning ones, or only passing ones when the subset says {@code OnlyPassing} (as Consul hands the
     * endpoints to Envoy: a warning check makes an instance unhealthy only then). An instance the filter
     * cannot be evaluated on is not a member.
     */
    public List<String> members(ChainTarget target) {
        final ServiceResolver.Subset subset = target.subsetDefinition();
        final List<ServiceInstance> candidates = subset != null && subset.onlyPassing() ? passing() : routable();
        if (subset == null || subset.filter().isEmpty()) {
            return candidates.stream().map(ServiceInstance::id).toList();
        }
        final Filter filter = Filter.parse(subset.filter()); // checked when the resolver was read
        return candidates.stream().filter(i -> {
            try {
                return filter.test(healthEntry(i));
            } catch (FilterException e) {
                return false;
            }
        }).map(ServiceInstance::id).toList();
    }

    /** What a filter sees of an instance: the fields of Consul's health entry it has. */
    private Map<String, Object> healthEntry(ServiceInstance i) {
        return Map.of("Service", Map.of("ID", i.id(), "Service", name, "Tags", i.tags(), "Meta", i.meta(),
                                        "Address", i.address(), "Port", i.port()),
                      "Node", Map.of("Address", i.address()),
                      "Checks", List.of());
    }

    /** The instances whose every check is passing. */
    public List<ServiceInstance> passing() {
        return withHealth(Health.PASSING);
    }

    /** The instances whose worst check is {@code warning}: they get traffic unless a subset is OnlyPassing. */
    public List<ServiceInstance> warning() {
        return withHealth(Health.WARNING);
    }

    /** The instances a sidecar may send traffic to by default: passing and warning, never critical. */
    public List<ServiceInstance> routable() {
        return instances.stream().filter(i -> i.health() != Health.CRITICAL).toList();
    }

    private List<ServiceInstance> withHealth(Health health) {
        return instances.stream().filter(i -> i.health() == health).toList();
    }
}
