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
 * Summarises async-profiler CPU samples in collapsed form (started with {@code threads}, written with
 * {@code collapsed,dot,ann,lib}: one line per stack, {@code [thread tid=N];root;...;leaf count}) as Markdown
 * tables: samples by thread, by layer (the innermost frame of a known layer, so a syscall or a buffer copy
 * counts for whoever made it), by leaf frame (self), and by frame anywhere on the stack (total, once per stack;
 * thread entries and pipeline plumbing left out).
 */
@Command(name = "profile-top", sortOptions = false,
         header = "the hottest frames of async-profiler collapsed stacks, as Markdown")
public final class ProfileTop implements Callable<Integer> {
    /**
     * Frames that carry every read and write (pipeline, event loop, the frame reader and TLS unwrap everything
     * else runs inside of), left out of the total table.
     */
    private static final Pattern PLUMBING = Pattern.compile(
            "^io\\.netty\\.(channel\\.(AbstractChannelHandlerContext|DefaultChannelPipeline|ChannelInboundHandlerAdapter|" +
            "ChannelDuplexHandler|CombinedChannelDuplexHandler|SingleThreadIoEventLoop|AbstractChannel|epoll\\.|nio\\.)|" +
            "util\\.concurrent\\.|handler\\.codec\\.ByteToMessageDecoder|handler\\.flush\\.|handler\\.logging\\.|" +
            "handler\\.ssl\\.SslHandler\\.(decode|unwrap|channelRead)|" +
            "handler\\.codec\\.http2\\.(Http2ConnectionHandler(\\$FrameDecoder)?\\.decode|Http2InboundFrameLogger|" +
            "DecoratingHttp2ConnectionDecoder\\.decodeFrame|DefaultHttp2ConnectionDecoder\\.decodeFrame|DefaultHttp2FrameReader|" +
            "(Http2EmptyDataFrameListener|Http2FrameListenerDecorator|DefaultHttp2ConnectionDecoder\\$FrameReadListener)\\." +
            "on(Headers|Data)Read))|^io\\.weft\\.bench\\.relay\\.WireCounter");
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
        print("Layer (innermost known layer on the stack)", profile.layers, profile.samples);
        print("Leaf frame (self)", profile.self, profile.samples);
        final Map<String, Long> total = new HashMap<>(profile.total);
        // thread entry points are on (nearly) every stack of their thread and say nothing
        total.keySet().removeIf(frame -> THREAD_ENTRY.matcher(frame).find() || PLUMBING.matcher(frame).find());
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
            layers.merge(layer(frames, first), count, Long::sum);
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

    /**
     * What a sample was doing: the layer of the innermost frame (leaf first) that belongs to a known one, so
     * that buffers, JDK code and stubs count for the layer that called them, and kernel frames (interrupts,
     * page faults) for the syscall or code they interrupted.
     */
    static String layer(String[] frames, int first) {
        for (int i = frames.length - 1; i >= first; i--) {
            for (Layer layer : Layer.values()) {
                if (layer.pattern.matcher(frames[i]).find()) {
                    return layer.title;
                }
            }
        }
        return "other";
    }

    /** Layers in the order a frame is tried against them. */
    private enum Layer {
        SOCKET_WRITE("socket write (syscall)",
                     "writev|__send|sendmsg|sendto|FileDescriptor\\.write|Socket\\.send|`write$|sys_write"),
        SOCKET_READ("socket read (syscall)", "FileDescriptor\\.read|Socket\\.recv|`read$|recvfrom|recvmsg|sys_read"),
        EPOLL("epoll wait (syscall)", "epoll"),
        FUTEX("futex / park (syscall)", "futex|Unsafe\\.park"),
        TLS("TLS crypto (BoringSSL, OpenSSL engine)", "tcnative|OpenSslEngine|`(SSL_|EVP_|aes_|gcm_)"),
        HPACK("HTTP/2 HPACK", "codec\\.http2\\.Hpack"),
        HTTP2("HTTP/2 codec (frames, streams, flow control)", "io\\.netty\\.handler\\.codec\\.http2\\."),
        SSL_HANDLER("Netty SslHandler", "io\\.netty\\.handler\\.ssl\\."),
        ARMERIA("Armeria", "com\\.linecorp\\.armeria\\."),
        RELAY("bench relay code", "io\\.weft\\.bench\\.relay\\."),
        WEFT("weft", "io\\.weft\\."),
        GRPC("gRPC / protobuf", "io\\.grpc\\.|com\\.google\\.protobuf\\."),
        METRICS("metrics", "io\\.micrometer\\.|io\\.prometheus\\."),
        LOGGING("logging", "ch\\.qos\\.logback\\.|org\\.slf4j\\."),
        NETTY("Netty transport, pipeline, buffers", "io\\.netty\\."),
        JDK("JDK", "^(java|jdk|sun|javax|com\\.sun)\\."),
        JVM("JVM runtime (JIT, GC, interpreter, stubs)", "libjvm|stub|Interpreter|adapters");

        final String title;
        final Pattern pattern;

        Layer(String title, String pattern) {
            this.title = title;
            this.pattern = Pattern.compile(pattern);
        }
    }
}
