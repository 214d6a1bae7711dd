package io.weft.controlplane.snapshot;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

import io.weft.common.annotation.Nullable;
import io.weft.controlplane.chain.ChainSet;

/**
 * The whole mesh at one moment; never changes once built.
 *
 * @param version increases by one with every change; 0 is the empty snapshot before the first change
 * @param services mesh services by name
 * @param intentions every intention, highest precedence first
 * @param intentionsVersion the snapshot version in which the intentions last changed
 * @param defaultAction what applies when no intention matches
 * @param trustRootsVersion the snapshot version in which the trust roots last changed
 * @param chains every service's discovery chain, compiled from Consul's config entries
 */
public record MeshSnapshot(long version, Instant builtAt, SortedMap<String, ServiceEndpoints> services,
                           List<Intention> intentions, long intentionsVersion, IntentionAction defaultAction,
                           TrustRoots trustRoots, long trustRootsVersion, ChainSet chains) {

    public MeshSnapshot {
        requireNonNull(builtAt, "builtAt");
        services = Collections.unmodifiableSortedMap(new TreeMap<>(services));
        intentions = intentions.stream().sorted(Intention.BY_PRECEDENCE).toList();
        requireNonNull(defaultAction, "defaultAction");
        requireNonNull(trustRoots, "trustRoots");
        requireNonNull(chains, "chains");
    }

    /** A snapshot without config entries. */
    public MeshSnapshot(long version, Instant builtAt, SortedMap<String, ServiceEndpoints> services,
                        List<Intention> intentions, long intentionsVersion, IntentionAction defaultAction,
                        TrustRoots trustRoots, long trustRootsVersion) {
        this(version, builtAt, services, intentions, intentionsVersion, defaultAction, trustRoots,
             trustRootsVersion, ChainSet.EMPTY);
    }

    public static MeshSnapshot empty(Instant now, IntentionAction defaultAction) {
        return new MeshSnapshot(0, now, new TreeMap<>(), List.of(), 0, defaultAction, TrustRoots.EMPTY, 0);
    }

    @Nullable
    public ServiceEndpoints service(String name) {
        return services.get(name);
    }

    /** The intentions whose destination is {@code service} or {@code *}, highest precedence first. */
    public List<Intention> intentionsFor(String service) {
        return intentions.stream().filter(i -> i.appliesTo(service)).toList();
    }

    /** The total number of instances, for logs and metrics. */
    public int instanceCount() {
        return services.values().stream().mapToInt(s -> s.instances().size()).sum();
    }

    MeshSnapshot withServices(long nextVersion, Instant now, Map<String, ServiceEndpoints> nextServices) {
        return new MeshSnapshot(nextVersion, now, new TreeMap<>(nextServices), intentions, intentionsVersion,
                                defaultAction, trustRoots, trustRootsVersion, chains);
    }

    MeshSnapshot withIntentions(long nextVersion, Instant now, List<Intention> nextIntentions) {
        return new MeshSnapshot(nextVersion, now, services, nextIntentions, nextVersion, defaultAction,
                                trustRoots, trustRootsVersion, chains);
    }

    MeshSnapshot withTrustRoots(long nextVersion, Instant now, TrustRoots nextRoots) {
        return new MeshSnapshot(nextVersion, now, services, intentions, intentionsVersion, defaultAction,
                                nextRoots, nextVersion, chains);
    }

    MeshSnapshot withChains(long nextVersion, Instant now, ChainSet nextChains) {
        return new MeshSnapshot(nextVersion, now, services, intentions, intentionsVersion, defaultAction,
                                trustRoots, trustRootsVersion, nextChains);
    }
}
