package io.weft.sidecar.discovery;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.weft.common.annotation.Nullable;

/**
 * Which control-plane replica a sidecar dials next. The first choice is spread over the fleet by a hash
 * of the instance ID; a lost stream moves on to the next replica in order, so a sidecar never waits on
 * the one that just went away; a replica that failed before it answered is skipped until a stream works
 * again. {@link #next} says {@code null} once every known replica failed: then the caller backs off.
 *
 * <p>Not thread-safe: the discovery thread owns it.
 */
final class ReplicaRotation {
    private final String instanceId;
    private final Set<String> failedSinceLastStream = new HashSet<>();
    @Nullable
    private String last;

    ReplicaRotation(String instanceId) {
        this.instanceId = instanceId;
    }

    /** The replica to dial, or {@code null} when every one of {@code replicas} failed since the last stream. */
    @Nullable
    String next(List<String> replicas) {
        final List<String> sorted = replicas.stream().distinct().sorted().toList();
        if (sorted.isEmpty()) {
            return null;
        }
        final int start = last != null && sorted.contains(last) ? sorted.indexOf(last) + 1
                                                                : Math.floorMod(instanceId.hashCode(), sorted.size());
        for (int i = 0; i < sorted.size(); i++) {
            final String candidate = sorted.get((start + i) % sorted.size());
            if (!failedSinceLastStream.contains(candidate)) {
                last = candidate;
                return candidate;
            }
        }
        return null;
    }

    /** {@code replica} ended the stream before sending anything: skip it this round. */
    void failed(String replica) {
        failedSinceLastStream.add(replica);
    }

    /** A stream to {@code replica} works (it sent something): every replica is worth a try again. */
    void answered(String replica) {
        failedSinceLastStream.clear();
        last = replica;
    }

    /** After a backoff, start a new round over every replica. */
    void newRound() {
        failedSinceLastStream.clear();
    }
}
