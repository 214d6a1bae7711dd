package io.weft.sidecar.balancing;

import java.util.List;

import io.weft.common.annotation.Nullable;

/**
 * Smooth weighted round robin (nginx): each pick adds every candidate's weight to its running weight,
 * takes the largest, and subtracts the candidates' total from the winner. Over {@code sum(weights)}
 * picks every endpoint is chosen exactly {@code weight} times, spread out. Works on any subset, so
 * ejected or already-tried endpoints simply sit a round out.
 *
 * <p>One short lock per pick, linear in the number of endpoints: fine for the tens of instances a
 * service has; the lock is never held across I/O.
 */
final class SmoothWeightedRoundRobin implements Picker {

    @Override
    public synchronized EndpointState pick(List<EndpointState> candidates, List<EndpointState> all,
                                          @Nullable Long hash) {
        EndpointState best = null;
        long total = 0;
        for (EndpointState s : candidates) {
            final int weight = s.weight();
            s.smoothWeight += weight;
            total += weight;
            if (best == null || s.smoothWeight > best.smoothWeight) {
                best = s;
            }
        }
        best.smoothWeight -= total;
        return best;
    }
}
