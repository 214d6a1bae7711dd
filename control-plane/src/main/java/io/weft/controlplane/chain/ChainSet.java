package io.weft.controlplane.chain;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;

import io.weft.common.annotation.Nullable;

/**
 * The discovery chain of every mesh service, compiled from the config entries Consul holds, and the
 * entries weft could not read. Immutable; the next set is compiled from the previous one so that a
 * service whose chain did not change keeps its version.
 *
 * @param chains per service: its chain and the snapshot version in which it last changed, or why it
 *        cannot be compiled (then sidecars keep the last chain they accepted)
 * @param rejected entries that could not be read, each with the reason; the others still apply, and so does
 *        the version of a rejected entry that was read before (a bad edit does not undo a good entry)
 * @param entries the entries that could be read: a new service's chain is compiled from them
 */
public record ChainSet(SortedMap<String, ServiceChain> chains, List<RejectedEntry> rejected, ConfigEntries entries) {

    public static final ChainSet EMPTY = new ChainSet(new TreeMap<>(), List.of(), ConfigEntries.EMPTY);

    public ChainSet {
        chains = Collections.unmodifiableSortedMap(new TreeMap<>(chains));
        rejected = List.copyOf(rejected);
    }

    /** One service's chain, or the error that stops it from compiling. */
    public record ServiceChain(String service, long version, @Nullable CompiledChain chain, String error) {
        public boolean ok() {
            return chain != null;
        }
    }

    /** A config entry Consul holds that weft cannot apply. */
    public record RejectedEntry(String kind, String name, String error) {}

    /** What a recompilation produced: the new set, and the services whose chain changed (or left). */
    public record Update(ChainSet next, Set<String> changed) {}

    @Nullable
    public ServiceChain chain(String service) {
        return chains.get(service);
    }

    /**
     * Compiles the chain of each of {@code services} from {@code entriesByKind} (the raw JSON of each kind,
     * as Consul lists it); chains equal to this set's keep their version, the others get {@code version}.
     * An entry that cannot be read is reported; if this set held an earlier version of it, that version
     * stays in force, as a sidecar keeps the last routes it accepted.
     */
    public Update recompile(Collection<String> services, Map<String, List<JsonNode>> entriesByKind,
                            String datacenter, long version) {
        final List<ConfigEntry> parsed = new ArrayList<>();
        final List<RejectedEntry> rejectedNow = new ArrayList<>();
        for (Map.Entry<String, List<JsonNode>> kind : new TreeMap<>(entriesByKind).entrySet()) {
            for (JsonNode json : kind.getValue()) {
                try {
                    parsed.add(ConfigEntry.parse(json));
                } catch (ChainException e) {
                    final String name = json.path("Name").asText("");
                    final ConfigEntry before = entries.find(kind.getKey(), name);
                    if (before != null) {
                        parsed.add(before);
                    }
                    rejectedNow.add(new RejectedEntry(kind.getKey(), name, before == null
                            ? e.getMessage() : e.getMessage() + " (the version read before stays in force)"));
                }
            }
        }
        final ConfigEntries entries = ConfigEntries.of(parsed);
        final SortedMap<String, ServiceChain> next = new TreeMap<>();
        final Set<String> changed = new HashSet<>();
        for (String service : services) {
            ServiceChain now = compile(service, entries, datacenter, version);
            final ServiceChain before = chains.get(service);
            if (before != null && java.util.Objects.equals(before.chain(), now.chain()) &&
                before.error().equals(now.error())) {
                now = before;
            } else {
                changed.add(service);
            }
            next.put(service, now);
        }
        for (String gone : chains.keySet()) {
            if (!next.containsKey(gone)) {
                changed.add(gone);
            }
        }
        return new Update(new ChainSet(next, rejectedNow, entries), changed);
    }

    /**
     * This set for a catalog whose services are now {@code services}: a chain depends only on the
     * entries, so only a new service's chain is compiled (a thousand services arriving one by one cost a
     * thousand compilations, not a million) and a gone service's is dropped.
     */
    public Update withServices(Collection<String> services, String datacenter, long version) {
        final SortedMap<String, ServiceChain> next = new TreeMap<>();
        final Set<String> changed = new HashSet<>();
        for (String service : services) {
            final ServiceChain before = chains.get(service);
            if (before != null) {
                next.put(service, before);
            } else {
                next.put(service, compile(service, entries, datacenter, version));
                changed.add(service);
            }
        }
        for (String gone : chains.keySet()) {
            if (!next.containsKey(gone)) {
                changed.add(gone);
            }
        }
        return new Update(changed.isEmpty() ? this : new ChainSet(next, rejected, entries), changed);
    }

    private static ServiceChain compile(String service, ConfigEntries entries, String datacenter, long version) {
        try {
            return new ServiceChain(service, version, ChainCompiler.compile(service, datacenter, entries), "");
        } catch (ChainException e) {
            return new ServiceChain(service, version, null, e.getMessage());
        }
    }
}
