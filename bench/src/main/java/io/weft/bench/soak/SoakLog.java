package io.weft.bench.soak;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongSupplier;

import org.HdrHistogram.Histogram;

import io.weft.common.annotation.Nullable;

/**
 * What the soak saw, kept per minute since the start and per {@link Kind}: successes with their latency,
 * failures by {@link Cause}, and stream events. Failures and stream events are also written one line each
 * as they happen ({@code failures.tsv}, {@code streams.tsv}, epoch milliseconds first) so the report can
 * set them beside the chaos script's timeline; {@link #writeSummaries} writes the per-minute table
 * ({@code minutes.tsv}) and the totals by kind and cause ({@code causes.tsv}). Thread-safe: calls come from
 * event loops and the pacing thread; each call holds the lock for a few counter updates.
 */
public final class SoakLog implements AutoCloseable {

    private final Path dir;
    private final LongSupplier clock;
    private final long startMillis;
    private final PrintWriter failures;
    private final PrintWriter streams;
    /** minute since start -> kind -> that minute's counts. */
    private final TreeMap<Long, Map<Kind, Minute>> minutes = new TreeMap<>();
    /** kind -> cause label -> count; successes under "ok". */
    private final Map<Kind, TreeMap<String, Long>> causes = new EnumMap<>(Kind.class);

    /** Writes into {@code dir} (created); {@code clock} gives epoch milliseconds. */
    public SoakLog(Path dir, LongSupplier clock) {
        this.dir = dir;
        this.clock = clock;
        startMillis = clock.getAsLong();
        try {
            Files.createDirectories(dir);
            failures = writer(dir.resolve("failures.tsv"), "# epoch_ms\tkind\tcause\tinstance\tsaid");
            streams = writer(dir.resolve("streams.tsv"), "# epoch_ms\tstream\tevent\tinstance\tcause\tage_ms");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the soak's results into " + dir, e);
        }
    }

    private static PrintWriter writer(Path file, String header) throws IOException {
        final BufferedWriter w = Files.newBufferedWriter(file);
        final PrintWriter out = new PrintWriter(w, true);
        out.println(header);
        return out;
    }

    /** One request (or a whole server stream) answered right, in {@code micros}. */
    public synchronized void success(Kind kind, long micros) {
        minute(kind).success(micros);
        count(kind, "ok");
    }

    /** One request (or stream) that failed; {@code instance} served it, if known (else empty). */
    public void failure(Kind kind, Cause cause, String instance) {
        failure(kind, cause, instance, "");
    }

    /**
     * One request (or stream) that failed, with what the answer {@code said} (a gRPC status description, a JSON
     * error's body): whose sidecar answered and why — "the app at 127.0.0.1:P is unreachable" from the
     * upstream's, "service 'sum' ..." from the caller's own. Written on one line, at most 160 characters.
     */
    public synchronized void failure(Kind kind, Cause cause, String instance, @Nullable String said) {
        final Minute m = minute(kind);
        if (cause.denied()) {
            m.denied++;
        } else {
            m.failed++;
        }
        count(kind, cause.label());
        final String oneLine = said == null || said.isBlank() ? "-" : said.replaceAll("\\s+", " ").strip();
        failures.printf(Locale.ROOT, "%d\t%s\t%s\t%s\t%s%n", clock.getAsLong(), kind.label(), cause.label(),
                        instance.isEmpty() ? "-" : instance,
                        oneLine.length() > 160 ? oneLine.substring(0, 160) : oneLine);
    }

    /**
     * A stream event: {@code opened}, {@code established} (first answer), {@code broken}, {@code reconnect};
     * {@code cause} for a break ({@code null} otherwise), {@code ageMillis} how long the stream had lived.
     */
    public synchronized void stream(String stream, String event, String instance, @Nullable Cause cause,
                                    long ageMillis) {
        if ("reconnect".equals(event)) {
            minute(Kind.BIDI).reconnects++;
        }
        streams.printf(Locale.ROOT, "%d\t%s\t%s\t%s\t%s\t%d%n", clock.getAsLong(), stream, event,
                       instance.isEmpty() ? "-" : instance, cause == null ? "-" : cause.label(), ageMillis);
    }

    /** Total successes and failures (denied apart) of {@code kind} so far: {@code ok failed denied}. */
    public synchronized long[] totals(Kind kind) {
        long ok = 0, failed = 0, denied = 0;
        for (Map<Kind, Minute> byKind : minutes.values()) {
            final Minute m = byKind.get(kind);
            if (m != null) {
                ok += m.latencies.getTotalCount();
                failed += m.failed;
                denied += m.denied;
            }
        }
        return new long[] { ok, failed, denied };
    }

    /**
     * {@code minutes.tsv}: minute, kind, ok, failed, denied, reconnects, p50/p99/max latency in ms;
     * {@code causes.tsv}: kind, cause, count.
     */
    public synchronized void writeSummaries() {
        try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(dir.resolve("minutes.tsv")))) {
            out.println("# minute\tkind\tok\tfailed\tdenied\treconnects\tp50_ms\tp99_ms\tmax_ms");
            minutes.forEach((minute, byKind) -> byKind.forEach((kind, m) -> out.printf(
                    Locale.ROOT, "%d\t%s\t%d\t%d\t%d\t%d\t%.3f\t%.3f\t%.3f%n", minute, kind.label(),
                    m.latencies.getTotalCount(), m.failed, m.denied, m.reconnects,
                    millis(m, 50), millis(m, 99), m.latencies.getMaxValue() / 1000.0)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + dir.resolve("minutes.tsv"), e);
        }
        try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(dir.resolve("causes.tsv")))) {
            out.println("# kind\tcause\tcount");
            causes.forEach((kind, counts) -> counts.forEach(
                    (cause, n) -> out.printf(Locale.ROOT, "%s\t%s\t%d%n", kind.label(), cause, n)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + dir.resolve("causes.tsv"), e);
        }
    }

    private static double millis(Minute m, double percentile) {
        return m.latencies.getTotalCount() == 0 ? 0 : m.latencies.getValueAtPercentile(percentile) / 1000.0;
    }

    private Minute minute(Kind kind) {
        final long minute = Math.max(0, (clock.getAsLong() - startMillis) / 60_000);
        return minutes.computeIfAbsent(minute, unused -> new EnumMap<>(Kind.class))
                      .computeIfAbsent(kind, unused -> new Minute());
    }

    private void count(Kind kind, String label) {
        causes.computeIfAbsent(kind, unused -> new TreeMap<>()).merge(label, 1L, Long::sum);
    }

    @Override
    public synchronized void close() {
        writeSummaries();
        failures.close();
        streams.close();
    }

    /** One minute of one kind. */
    private static final class Minute {
        final Histogram latencies = new Histogram(3_600_000_000L, 3);
        long failed;
        long denied;
        long reconnects;

        void success(long micros) {
            latencies.recordValue(Math.max(0, Math.min(micros, latencies.getHighestTrackableValue())));
        }
    }
}
