package io.weft.sidecar.balancing;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import io.weft.common.annotation.Nullable;

/**
 * Consistent hashing on a ring: every endpoint owns points on a 64-bit circle in proportion to its
 * weight (the ring has at least the minimum size unless that would pass the maximum); a request goes to the owner of the first point at or after its hash. The points depend only on
 * instance ids and weights, so a key stays on its endpoint while the set is unchanged, and an endpoint
 * that joins takes ~1/N of the keys, from every other endpoint alike.
 *
 * <p>An endpoint filtered out for this pick (ejected, or already tried by this request) is passed over
 * for the next owner on the ring, so its keys spread over the others and come back when it does. A
 * request without a hash key gets a random endpoint. The ring is built once per endpoint set (on the
 * first pick after an update) and read lock-free.
 */
final class RingHash implements Picker {

    private final long minimumSize;
    private final long maximumSize;
    @Nullable
    private volatile Ring ring;

    private record Ring(List<EndpointState> of, long[] points, EndpointState[] owners) {}

    RingHash(long minimumSize, long maximumSize) {
        this.minimumSize = minimumSize;
        this.maximumSize = maximumSize;
    }

    @Override
    public EndpointState pick(List<EndpointState> candidates, List<EndpointState> all, @Nullable Long hash) {
        if (hash == null) {
            return WeightedRandom.at(candidates, ThreadLocalRandom.current().nextDouble());
        }
        final Ring r = ringOf(all);
        int i = Arrays.binarySearch(r.points, hash);
        if (i < 0) {
            i = -i - 1;
        }
        final int n = r.points.length;
        for (int k = 0; k < n; k++) {
            final EndpointState owner = r.owners[(i + k) % n];
            if (candidates == all || Hashing.isCandidate(candidates, owner)) {
                return owner;
            }
        }
        return candidates.get(0); // a candidate not in the set: cannot happen, the cluster filters its own set
    }

    private Ring ringOf(List<EndpointState> all) {
        final Ring current = ring;
        if (current != null && current.of == all) {
            return current;
        }
        final Ring built = build(all);
        ring = built;
        return built;
    }

    private Ring build(List<EndpointState> all) {
        long totalWeight = 0;
        for (EndpointState s : all) {
            totalWeight += s.weight();
        }
        // Points per unit of weight: enough for the minimum size, rounded up to a power of two so that it stays
        // the same while the set grows or shrinks a little (an endpoint's points then stay where they are and
        // only the joining or leaving endpoint's keys move), within the maximum.
        final long wanted = Long.highestOneBit(Math.max(1, (minimumSize + totalWeight - 1) / totalWeight) * 2 - 1);
        final long perWeight = Math.max(1, Math.min(wanted, maximumSize / totalWeight));
        final int[] counts = new int[all.size()];
        int size = 0;
        for (int e = 0; e < all.size(); e++) {
            counts[e] = (int) (all.get(e).weight() * perWeight);
            size += counts[e];
        }
        final long[] keys = new long[size];
        final EndpointState[] owners = new EndpointState[size];
        final Integer[] order = new Integer[size];
        int at = 0;
        for (int e = 0; e < all.size(); e++) {
            final String id = all.get(e).descriptor().instanceId();
            for (int k = 0; k < counts[e]; k++) {
                keys[at] = Hashing.hash64(id + '_' + k);
                owners[at] = all.get(e);
                order[at] = at;
                at++;
            }
        }
        Arrays.sort(order, (a, b) -> Long.compare(keys[a], keys[b]));
        final long[] points = new long[size];
        final EndpointState[] sortedOwners = new EndpointState[size];
        for (int k = 0; k < size; k++) {
            points[k] = keys[order[k]];
            sortedOwners[k] = owners[order[k]];
        }
        return new Ring(all, points, sortedOwners);
    }
}
