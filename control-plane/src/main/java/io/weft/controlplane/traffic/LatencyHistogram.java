package io.weft.controlplane.traffic;

import java.util.Arrays;
import java.util.List;

import io.weft.common.annotation.Nullable;

/**
 * Requests counted in fixed latency buckets (bucket {@code i} holds durations in
 * {@code (bounds[i-1], bounds[i]]}, the last one those above every bound), merged from summaries and read
 * as quantiles the way Prometheus' {@code histogram_quantile} does: linear within the bucket the quantile
 * falls in, and the highest bound when it falls above all of them. Not thread-safe.
 */
final class LatencyHistogram {
    private final List<Double> bounds;
    private final long[] counts;

    LatencyHistogram(List<Double> bounds) {
        this.bounds = List.copyOf(bounds);
        counts = new long[bounds.size() + 1];
    }

    List<Double> bounds() {
        return bounds;
    }

    /** Adds {@code buckets}, which must have one count per bound and one more. */
    void add(List<Long> buckets) {
        if (buckets.size() != counts.length) {
            throw new IllegalArgumentException("latency buckets: " + buckets.size() + " (expected: " +
                                               counts.length + ", one per bound and one above)");
        }
        for (int i = 0; i < counts.length; i++) {
            counts[i] += buckets.get(i);
        }
    }

    long total() {
        return Arrays.stream(counts).sum();
    }

    /** The {@code q} quantile in milliseconds (0 < q < 1), or {@code null} when nothing was counted. */
    @Nullable
    Double quantile(double q) {
        final long total = total();
        if (total == 0) {
            return null;
        }
        final double rank = q * total;
        long below = 0;
        for (int i = 0; i < counts.length; i++) {
            if (below + counts[i] >= rank && counts[i] > 0) {
                if (i == bounds.size()) {
                    return bounds.isEmpty() ? null : bounds.get(bounds.size() - 1);
                }
                final double lower = i == 0 ? 0 : bounds.get(i - 1);
                final double upper = bounds.get(i);
                return lower + (upper - lower) * (rank - below) / counts[i];
            }
            below += counts[i];
        }
        return bounds.isEmpty() ? null : bounds.get(bounds.size() - 1);
    }
}
