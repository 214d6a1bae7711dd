package io.weft.sidecar.balancing;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import io.weft.common.annotation.Nullable;

/**
 * Consistent hashing with Maglev's lookup table (Eisenbud et al., NSDI 2016): every endpoint walks the
 * table in its own permutation (offset and skip from two hashes of its instance id) and the endpoints take
 * turns claiming their next free slot, a heavier one more often, until the table is full. A request goes
 * to the owner of slot {@code hash mod size}. Each endpoint owns an even share of the table, a key stays
 * put while the set is unchanged, and one more endpoint moves ~1/N of the keys.
 *
 * <p>An endpoint filtered out for this pick (ejected, or already tried) is passed over for the owner of
 * the next slot. A request without a hash key gets a random endpoint. The table is built once per
 * endpoint set and read lock-free.
 */
final class Maglev implements Picker {

    /** Envoy's default table size: a prime, so every skip walks the whole table. */
    static final int TABLE_SIZE = 65537;

    private final int size;
    @Nullable
    private volatile Table table;

    private record Table(List<EndpointState> of, EndpointState[] slots) {}

    /** {@code size} must be prime; tests pass a small one. */
    Maglev(int size) {
        this.size = size;
    }

    @Override
    public EndpointState pick(List<EndpointState> candidates, List<EndpointState> all, @Nullable Long hash) {
        if (hash == null) {
            return WeightedRandom.at(candidates, ThreadLocalRandom.current().nextDouble());
        }
        final EndpointState[] slots = tableOf(all).slots;
        final int start = (int) Long.remainderUnsigned(hash, size);
        for (int k = 0; k < size; k++) {
            final EndpointState owner = slots[(start + k) % size];
            if (candidates == all || Hashing.isCandidate(candidates, owner)) {
                return owner;
            }
        }
        return candidates.get(0);
    }

    private Table tableOf(List<EndpointState> all) {
        final Table current = table;
        if (current != null && current.of == all) {
            return current;
        }
        final Table built = new Table(all, build(all));
        table = built;
        return built;
    }

    private EndpointState[] build(List<EndpointState> all) {
        final int n = all.size();
        final long[] offset = new long[n];
        final long[] skip = new long[n];
        final long[] next = new long[n];
        final long[] claimed = new long[n];
        int maxWeight = 1;
        for (int e = 0; e < n; e++) {
            final String id = all.get(e).descriptor().instanceId();
            offset[e] = Long.remainderUnsigned(Hashing.hash64(id), size);
            skip[e] = Long.remainderUnsigned(Hashing.hash64(id + "#skip"), size - 1) + 1;
            maxWeight = Math.max(maxWeight, all.get(e).weight());
        }
        final EndpointState[] slots = new EndpointState[size];
        int filled = 0;
        for (long round = 1; filled < size; round++) {
            for (int e = 0; e < n && filled < size; e++) {
                // A lighter endpoint sits out rounds, so that it claims weight/maxWeight slots per round.
                if (all.get(e).weight() * round < (long) maxWeight * claimed[e]) {
                    continue;
                }
                int slot;
                do {
                    slot = (int) ((offset[e] + next[e] * skip[e]) % size);
                    next[e]++;
                } while (slots[slot] != null);
                slots[slot] = all.get(e);
                claimed[e]++;
                filled++;
            }
        }
        return slots;
    }
}
