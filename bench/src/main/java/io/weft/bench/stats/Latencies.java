package io.weft.bench.stats;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

/** A latency histogram in microseconds with the summary line and the chart data bench/run uses. */
public final class Latencies {

    private final Histogram histogram = new Histogram(3_600_000_000L, 3);

    public synchronized void record(long micros) {
        histogram.recordValue(Math.max(0, Math.min(micros, histogram.getHighestTrackableValue())));
    }

    public long count() {
        return histogram.getTotalCount();
    }

    public long percentile(double p) {
        return histogram.getValueAtPercentile(p);
    }

    /** {@code count=.. p50=.. p90=.. p99=.. p999=.. max=..} in microseconds. */
    public synchronized String summary() {
        return String.format(Locale.ROOT, "count=%d p50=%d p90=%d p99=%d p999=%d max=%d", histogram.getTotalCount(),
                             percentile(50), percentile(90), percentile(99), percentile(99.9),
                             histogram.getMaxValue());
    }

    /** Lines of {@code percentile latency_ms 1/(1-p)} for a gnuplot latency-by-percentile chart. */
    public void writeDistribution(Path file) throws IOException {
        try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(file))) {
            out.println("# percentile latency_ms one_over_one_minus_p");
            for (HistogramIterationValue v : histogram.percentiles(5)) {
                final double p = v.getPercentileLevelIteratedTo() / 100.0;
                if (p >= 0.99999) {
                    break;
                }
                out.printf(Locale.ROOT, "%.6f %.4f %.3f%n", p * 100, v.getValueIteratedTo() / 1000.0, 1 / (1 - p));
            }
        }
    }
}
