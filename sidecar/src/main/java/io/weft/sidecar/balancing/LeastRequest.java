package io.weft.sidecar.balancing;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import io.weft.common.annotation.Nullable;

/**
 * Least request over {@code choiceCount} random candidates (two: the power of two choices, the first
 * two always distinct): the one with fewer in-flight requests per unit of weight wins
 * ({@code (inFlight + 1) / weight}, so a heavier endpoint is allowed proportionally more). Ties go to the
 * earlier draw, which is random. Lock-free.
 */
final class LeastRequest implements Picker {

    private final int choiceCount;

    LeastRequest(int choiceCount) {
        this.choiceCount = choiceCount;
    }

    @Override
    public EndpointState pick(List<EndpointState> candidates, List<EndpointState> all, @Nullable Long hash) {
        final int n = candidates.size();
        if (n == 1) {
            return candidates.get(0);
        }
        final ThreadLocalRandom random = ThreadLocalRandom.current();
        final int i = random.nextInt(n);
        int j = random.nextInt(n - 1);
        if (j >= i) {
            j++;
        }
        EndpointState best = lighter(candidates.get(i), candidates.get(j));
        for (int k = 2; k < choiceCount; k++) { // further draws, with replacement as Envoy's
            best = lighter(best, candidates.get(random.nextInt(n)));
        }
        return best;
    }

    /** {@code a} unless {@code b} carries less load per unit of weight. */
    private static EndpointState lighter(EndpointState a, EndpointState b) {
        // Compare (a.inFlight + 1) / a.weight with (b.inFlight + 1) / b.weight without division.
        final long loadA = (a.inFlight.get() + 1L) * b.weight();
        final long loadB = (b.inFlight.get() + 1L) * a.weight();
        return loadB < loadA ? b : a;
    }
}
