package io.weft.bench.profile;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Summarises a JFR recording as Markdown: execution samples by top frame (self time), by layer (the
 * package family of the top frame), the {@code --prefix} frames on the most stacks (inclusive), and sampled
 * allocation weight by class and by allocating frame.
 */
@Command(name = "jfr-top", sortOptions = false,
         header = "hottest frames and allocations of a JFR recording")
public final class JfrTop implements Callable<Integer> {

    @Option(names = "--top", paramLabel = "N", defaultValue = "15", description = "rows per table")
    private int top;

    @Option(names = "--prefix", paramLabel = "PACKAGE", defaultValue = "io.weft.",
            description = "frames counted inclusively")
    private String prefix = "";

    @Parameters(paramLabel = "FILE", description = "JFR recordings")
    private List<Path> recordings = List.of();

    @Override
    public Integer call() throws IOException {
        final Map<String, Long> self = new HashMap<>();
        final Map<String, Long> layers = new HashMap<>();
        final Map<String, Long> inclusive = new HashMap<>();
        final Map<String, Long> allocByClass = new HashMap<>();
        final Map<String, Long> allocBySite = new HashMap<>();
        long samples = 0;
        long allocTotal = 0;
        for (Path file : recordings) {
            for (RecordedEvent event : RecordingFile.readAllEvents(file)) {
                final String type = event.getEventType().getName();
                final RecordedStackTrace stack = event.getStackTrace();
                if ("jdk.ExecutionSample".equals(type) && stack != null && !stack.getFrames().isEmpty()) {
                    samples++;
                    final List<RecordedFrame> frames = stack.getFrames();
                    final String topFrame = name(frames.get(0));
                    self.merge(topFrame, 1L, Long::sum);
                    layers.merge(layer(topFrame), 1L, Long::sum);
                    final Set<String> seen = new HashSet<>();
                    for (RecordedFrame frame : frames) {
                        final String n = name(frame);
                        if (n.startsWith(prefix) && seen.add(n)) {
                            inclusive.merge(n, 1L, Long::sum);
                        }
                    }
                } else if ("jdk.ObjectAllocationSample".equals(type)) {
                    final long weight = event.getLong("weight");
                    allocTotal += weight;
                    allocByClass.merge(event.getClass("objectClass").getName(), weight, Long::sum);
                    if (stack != null && !stack.getFrames().isEmpty()) {
                        allocBySite.merge(site(stack.getFrames()), weight, Long::sum);
                    }
                }
            }
        }
        System.out.printf(Locale.ROOT, "Execution samples: %d; sampled allocation weight: %d MiB%n%n", samples,
                          allocTotal >> 20);
        print("Self time by layer (top frame's package family)", layers, samples, top, "samples");
        print("Self time by method (top frame)", self, samples, top, "samples");
        print("Inclusive, " + prefix + "* frames (share of samples with the frame on the stack)", inclusive,
              samples, top, "samples");
        print("Allocation by class (sampled weight)", allocByClass, allocTotal, top, "MiB");
        print("Allocation by site (first " + prefix + "* frame, else top frame)", allocBySite, allocTotal, top,
              "MiB");
        return 0;
    }

    private static void print(String title, Map<String, Long> counts, long total, int top, String unit) {
        System.out.println("| " + title + " | " + unit + " | share |");
        System.out.println("| --- | ---: | ---: |");
        counts.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(top)
              .forEach(e -> System.out.printf(Locale.ROOT, "| `%s` | %s | %.1f %% |%n", e.getKey(),
                                              "MiB".equals(unit) ? Long.toString(e.getValue() >> 20)
                                                                 : Long.toString(e.getValue()),
                                              100.0 * e.getValue() / Math.max(1, total)));
        System.out.println();
    }

    private static String name(RecordedFrame frame) {
        return frame.getMethod().getType().getName() + '.' + frame.getMethod().getName();
    }

    private static String site(List<RecordedFrame> frames) {
        for (RecordedFrame frame : frames) {
            final String n = name(frame);
            if (n.startsWith("io.weft.")) {
                return n;
            }
        }
        return name(frames.get(0));
    }

    static String layer(String frame) {
        if (frame.startsWith("sun.security.") || frame.startsWith("javax.crypto.") ||
            frame.startsWith("com.sun.crypto.")) {
            return "JDK TLS/crypto";
        }
        if (frame.startsWith("io.netty.handler.ssl.")) {
            return "Netty SSL handler";
        }
        if (frame.startsWith("io.netty.handler.codec.http2.") || frame.startsWith("io.netty.handler.codec.http.")) {
            return "Netty HTTP/2 codec";
        }
        if (frame.startsWith("io.netty.")) {
            return "Netty other (event loop, buffers, epoll)";
        }
        if (frame.startsWith("com.linecorp.armeria.")) {
            return "Armeria";
        }
        if (frame.startsWith("io.weft.")) {
            return "weft";
        }
        if (frame.startsWith("com.google.protobuf.")) {
            return "protobuf";
        }
        if (frame.startsWith("io.micrometer.") || frame.startsWith("io.prometheus.")) {
            return "metrics";
        }
        if (frame.startsWith("ch.qos.logback.") || frame.startsWith("org.slf4j.")) {
            return "logging";
        }
        if (frame.startsWith("java.") || frame.startsWith("jdk.") || frame.startsWith("sun.")) {
            return "JDK other";
        }
        return "other";
    }
}
