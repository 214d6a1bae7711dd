package io.weft.sidecar.balancing;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Least request with the power of two choices: two distinct random candidates, the one with fewer
 * in-flight requests per unit of weight wins ({@code (inFlight + 1) / weight}, so a heavier endpoint
 * is allowed proportionally more). Ties go to the first draw, which is random. Lock-free.
 */
final class PowerOfTwoLeastRequest implements Picker {

    @Override
    public EndpointState pick(List<EndpointState> candidates) {
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
        final EndpointState a = candidates.get(i);
        final EndpointState b = candidates.get(j);
        // Compare (a.inFlight + 1) / a.weight with (b.inFlight + 1) / b.weight without division.
        final long loadA = (a.inFlight.get() + 1L) * b.weight();
        final long loadB = (b.inFlight.get() + 1L) * a.weight();
        return loadB < loadA ? b : a;
    }
}
