package io.weft.bench.profile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Summarises async-profiler CPU samples in collapsed form ({@code collapsed,threads,dot,ann,lib}: one line per
 * stack, {@code [thread tid=N];root;...;leaf count}) as Markdown tables: samples by thread, by layer of the
 * leaf frame (self), by leaf frame (self), and by frame anywhere on the stack (total, once per stack).
 */
@Command(name = "profile-top", sortOptions = false,
         header = "the hottest frames of async-profiler collapsed stacks, as Markdown")
public final class ProfileTop implements Callable<Integer> {
    /** Frames every stack of a thread starts with, left out of the total table. */
    private static final Pattern THREAD_ENTRY = Pattern.compile(
            "`(clone3|start_thread|thread_native_entry|Thread::call_run|JavaThread::thread_main_inner|" +
            "JavaThread::run|JavaMain|call_stub|JavaCalls::call\\w*)$|^java\\.lang\\.Thread\\.run$|" +
            "FastThreadLocalRunnable\\.run$|ThreadExecutorMap\\$\\d+\\.run$|SingleThreadEventExecutor\\$\\d+\\.run$");

    @Option(names = "--top", paramLabel = "N", defaultValue = "15", description = "rows per table")
    private int top;

    @Parameters(paramLabel = "FILE", description = "collapsed stacks (async-profiler output format collapsed)")
    private List<Path> files = List.of();

    @Override
    public Integer call() throws IOException {
        final Profile profile = new Profile();
        for (Path file : files) {
            try (var lines = Files.lines(file)) {
                lines.forEach(profile::add);
            }
        }
        System.out.printf(Locale.ROOT, "CPU samples: %d%n%n", profile.samples);
        print("Thread", profile.threads, profile.samples);
        print("Layer of the leaf frame (self)", profile.layers, profile.samples);
        print("Leaf frame (self)", profile.self, profile.samples);
        final Map<String, Long> total = new HashMap<>(profile.total);
        // thread entry points are on (nearly) every stack of their thread and say nothing
        total.keySet().removeIf(frame -> THREAD_ENTRY.matcher(frame).find());
        total.values().removeIf(n -> n >= 0.95 * profile.samples);
        print("Frame anywhere on the stack (total)", total, profile.samples);
        return 0;
    }

    private void print(String title, Map<String, Long> counts, long samples) {
        System.out.println("| " + title + " | samples | share |");
        System.out.println("| --- | ---: | ---: |");
        counts.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(top)
              .forEach(e -> System.out.printf(Locale.ROOT, "| `%s` | %d | %.1f %% |%n", e.getKey(), e.getValue(),
                                              100.0 * e.getValue() / Math.max(1, samples)));
        System.out.println();
    }

    /** The counts of one or more collapsed files. */
    static final class Profile {
        long samples;
        final Map<String, Long> threads = new HashMap<>();
        final Map<String, Long> layers = new HashMap<>();
        final Map<String, Long> self = new HashMap<>();
        final Map<String, Long> total = new HashMap<>();

        /** One line: {@code frame;frame;...;frame count}. */
        void add(String line) {
            final int space = line.lastIndexOf(' ');
            if (space <= 0) {
                return;
            }
            final long count = Long.parseLong(line.substring(space + 1).trim());
            final String[] frames = line.substring(0, space).split(";");
            int first = 0;
            if (frames[0].startsWith("[") && frames[0].contains(" tid=")) { // [thread-name tid=N]
                threads.merge(threadGroup(frames[0]), count, Long::sum);
                first = 1;
            }
            if (first >= frames.length) {
                return;
            }
            samples += count;
            final String leaf = name(frames[frames.length - 1]);
            self.merge(leaf, count, Long::sum);
            layers.merge(layer(frames[frames.length - 1]), count, Long::sum);
            final Set<String> seen = new HashSet<>();
            for (int i = first; i < frames.length; i++) {
                final String n = name(frames[i]);
                if (seen.add(n)) {
                    total.merge(n, count, Long::sum);
                }
            }
        }
    }

    /** A frame without async-profiler's compilation annotation ({@code _[j]} etc.); kernel frames say so. */
    static String name(String frame) {
        if (frame.endsWith("_[k]")) {
            return frame.substring(0, frame.length() - 4) + " (kernel)";
        }
        if (frame.length() > 4 && frame.charAt(frame.length() - 4) == '_' && frame.charAt(frame.length() - 3) == '[' &&
            frame.endsWith("]")) {
            return frame.substring(0, frame.length() - 4);
        }
        return frame;
    }

    /** {@code [relay-io-1-1 tid=42]} -> {@code relay-io}: thread names without their numbers. */
    static String threadGroup(String frame) {
        String name = frame.substring(1, frame.length() - 1);
        final int tid = name.lastIndexOf(" tid=");
        if (tid >= 0) {
            name = name.substring(0, tid);
        }
        return name.replaceAll("([-#]?\\d+)+$", "").trim();
    }

    /** Where a leaf frame's time goes, by library or package family. */
    static String layer(String frame) {
        if (frame.endsWith("_[k]")) {
            return "kernel";
        }
        final int lib = frame.indexOf('`');
        if (lib > 0) { // native: library`symbol
            final String library = frame.substring(0, lib);
            if (library.startsWith("libnetty_tcnative")) {
                return "BoringSSL (netty-tcnative)";
            }
            if (library.startsWith("libnetty_transport_native")) {
                return "Netty native transport";
            }
            if (library.startsWith("libjvm")) {
                return "JVM runtime (JIT, GC, interpreter)";
            }
            if (library.startsWith("libc.") || library.startsWith("ld-linux")) {
                return "libc";
            }
            return "other native (" + library + ')';
        }
        final String f = name(frame);
        if (f.startsWith("sun.security.") || f.startsWith("javax.crypto.") || f.startsWith("com.sun.crypto.")) {
            return "JDK TLS/crypto";
        }
        if (f.startsWith("io.netty.handler.ssl.") || f.startsWith("io.netty.internal.tcnative.")) {
            return "Netty SSL handler";
        }
        if (f.startsWith("io.netty.handler.codec.http2.") || f.startsWith("io.netty.handler.codec.http.")) {
            return "Netty HTTP/2 codec";
        }
        if (f.startsWith("io.netty.")) {
            return "Netty other (event loop, buffers, channels)";
        }
        if (f.startsWith("com.linecorp.armeria.")) {
            return "Armeria";
        }
        if (f.startsWith("io.weft.")) {
            return "weft";
        }
        if (f.startsWith("com.google.protobuf.") || f.startsWith("io.grpc.")) {
            return "protobuf / gRPC";
        }
        if (f.startsWith("io.micrometer.") || f.startsWith("io.prometheus.")) {
            return "metrics";
        }
        if (f.startsWith("ch.qos.logback.") || f.startsWith("org.slf4j.")) {
            return "logging";
        }
        if (f.startsWith("java.") || f.startsWith("jdk.") || f.startsWith("sun.")) {
            return "JDK other";
        }
        return "other";
    }
}
