package io.weft.sidecar.balancing;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import io.weft.common.annotation.Nullable;

/** A random candidate, each in proportion to its weight. Lock-free. */
final class WeightedRandom implements Picker {

    @Override
    public EndpointState pick(List<EndpointState> candidates, List<EndpointState> all, @Nullable Long hash) {
        return at(candidates, ThreadLocalRandom.current().nextDouble());
    }

    /** The candidate at {@code point} in [0, 1) of the candidates' weights laid end to end. */
    static EndpointState at(List<EndpointState> candidates, double point) {
        long total = 0;
        for (EndpointState s : candidates) {
            total += s.weight();
        }
        double upTo = point * total;
        for (EndpointState s : candidates) {
            upTo -= s.weight();
            if (upTo < 0) {
                return s;
            }
        }
        return candidates.get(candidates.size() - 1);
    }
}
