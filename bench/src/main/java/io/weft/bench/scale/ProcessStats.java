package io.weft.bench.scale;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * RSS ({@code /proc/<pid>/status} VmRSS), CPU ({@code /proc/<pid>/stat} utime+stime, in clock ticks of
 * 1/100 s) and heap ({@code jcmd <pid> GC.heap_info}) of another process, here the control plane.
 */
final class ProcessStats {

    private static final Pattern HEAP = Pattern.compile("total (\\d+)K, used (\\d+)K");
    private static final long TICKS_PER_SECOND = 100;

    private final long pid;
    private long markTicks;

    ProcessStats(long pid) {
        this.pid = pid;
    }

    void mark() {
        markTicks = cpuTicks();
    }

    /** {@code rssMiB=.. cpuCores=.. heapUsedMiB=.. heapCommittedMiB=..}; cpu over {@code elapsed} since mark. */
    String snapshot(Duration elapsed) {
        if (pid <= 0) {
            return "";
        }
        final double cores = elapsed.isZero() ? 0 : (cpuTicks() - markTicks) / (double) TICKS_PER_SECOND /
                                                     (elapsed.toNanos() / 1e9);
        final long[] heap = heap(false);
        return String.format(Locale.ROOT, "rssMiB=%d cpuCores=%.2f heapUsedMiB=%d heapCommittedMiB=%d",
                             rssKib() / 1024, cores, heap[1] / 1024, heap[0] / 1024);
    }

    String heapAfterFullGc() {
        if (pid <= 0) {
            return "";
        }
        final long[] heap = heap(true);
        return String.format(Locale.ROOT, "liveHeapAfterFullGcMiB=%d heapCommittedMiB=%d rssMiB=%d",
                             heap[1] / 1024, heap[0] / 1024, rssKib() / 1024);
    }

    long rssKib() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException e) {
            return -1;
        }
        return -1;
    }

    long cpuTicks() {
        try {
            final String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            final String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        } catch (IOException e) {
            return -1;
        }
    }

    /** {total KiB, used KiB}; after a full GC when asked. */
    private long[] heap(boolean fullGcFirst) {
        try {
            if (fullGcFirst) {
                jcmd("GC.run");
            }
            final Matcher m = HEAP.matcher(jcmd("GC.heap_info"));
            if (m.find()) {
                return new long[] { Long.parseLong(m.group(1)), Long.parseLong(m.group(2)) };
            }
        } catch (IOException e) {
            // reported as -1
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return new long[] { -1024, -1024 };
    }

    private String jcmd(String command) throws IOException, InterruptedException {
        final Process p = new ProcessBuilder("jcmd", Long.toString(pid), command).redirectErrorStream(true).start();
        final String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(30, TimeUnit.SECONDS);
        return out;
    }
}
