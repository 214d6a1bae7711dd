package io.weft.sidecar.accesslog;

import java.io.BufferedWriter;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Writes {@link AccessLogEntry entries} as JSON lines off the request's thread: {@link #log} offers to a
 * bounded queue and returns; the "weft-access-log" thread renders, writes, and flushes whenever the queue
 * is empty (so a quiet sidecar's lines are on disk at once, a busy one's go out in large writes).
 */
public final class AccessLog implements AutoCloseable {
    private static final Logger logger = LoggerFactory.getLogger(AccessLog.class);
    private static final int DEFAULT_QUEUE = 8192;

    private final BlockingQueue<AccessLogEntry> queue;
    private final Counter dropped;
    private final Writer out;
    private final boolean closeOut;
    private final Thread writer;
    private volatile boolean closing;

    /**
     * Opens the log named by {@code --access-log}: {@code stdout}, or a file path (appended to, created
     * when missing). {@code off} is handled by the caller (no log at all).
     *
     * @throws IllegalArgumentException naming the file when it cannot be opened for appending
     */
    public static AccessLog open(String target, MeterRegistry registry) {
        if (target.equals("stdout")) {
            return new AccessLog(System.out, false, DEFAULT_QUEUE, registry);
        }
        final Path file = Path.of(target);
        try {
            return new AccessLog(new FileOutputStream(file.toFile(), true), true, DEFAULT_QUEUE, registry);
        } catch (IOException e) {
            throw new IllegalArgumentException("access-log: '" + target + "' cannot be opened for appending (" +
                                               e.getMessage() + "; expected: off, stdout or a writable file)", e);
        }
    }

    AccessLog(OutputStream stream, boolean closeStream, int capacity, MeterRegistry registry) {
        queue = new ArrayBlockingQueue<>(capacity);
        dropped = Counter.builder("weft.access.log.dropped")
                         .description("Access log lines dropped because the writer fell behind")
                         .register(registry);
        out = new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8), 64 * 1024);
        closeOut = closeStream;
        writer = new Thread(this::drain, "weft-access-log");
        writer.setDaemon(true);
        writer.start();
    }

    /** Queues {@code entry}; drops and counts it when the writer is {@code capacity} lines behind. Never blocks. */
    public void log(AccessLogEntry entry) {
        if (!queue.offer(entry)) {
            dropped.increment();
        }
    }

    /** Lines dropped so far. */
    public long dropped() {
        return (long) dropped.count();
    }

    private void drain() {
        // Each line's generator writes into the buffered writer; only this loop flushes it to the stream.
        final JsonFactory factory = new JsonFactory().configure(JsonGenerator.Feature.AUTO_CLOSE_TARGET, false)
                                                     .configure(JsonGenerator.Feature.FLUSH_PASSED_TO_STREAM, false);
        final List<AccessLogEntry> batch = new ArrayList<>(256);
        try {
            while (!closing || !queue.isEmpty()) {
                final AccessLogEntry first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, 255);
                for (AccessLogEntry entry : batch) {
                    write(factory, entry);
                }
                batch.clear();
                if (queue.isEmpty()) {
                    out.flush();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException | UncheckedIOException e) {
            logger.warn("Access log stopped: {}", e.toString());
        }
    }

    private void write(JsonFactory factory, AccessLogEntry entry) throws IOException {
        try (JsonGenerator json = factory.createGenerator(out)) {
            entry.writeTo(json);
        }
        out.write('\n');
    }

    /** Writes what is queued (waiting up to 2 s) and closes the file. */
    @Override
    public void close() {
        closing = true;
        try {
            writer.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            out.flush();
            if (closeOut) {
                out.close();
            }
        } catch (IOException e) {
            logger.warn("Access log: could not flush on close: {}", e.toString());
        }
    }

    @Override
    public String toString() {
        return "AccessLog(queued " + queue.size() + ", dropped " + dropped() + ')';
    }
}
