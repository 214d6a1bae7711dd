package io.weft.bench.relay;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import io.netty.channel.EventLoop;

/**
 * What one relay process put on and took off the wire, summed over its connections: flushes that reached
 * the socket end of a pipeline, buffers and bytes written there, and TLS records each way on its TLS side.
 * Only touched on the relay's one event loop, so plain fields suffice.
 */
final class WireStats {
    long flushes;
    long writes;
    long bytesOut;
    long tlsRecordsOut;
    long tlsRecordsIn;

    /**
     * Rewrites {@code file} once a second while the counters move ({@code key=value} pairs on one line), from
     * the event loop: a few hundred bytes to a temporary file, renamed, is not worth a thread of its own.
     */
    void writeEverySecond(EventLoop loop, Path file) {
        final String[] last = { "" };
        loop.scheduleAtFixedRate(() -> {
            final String line = toString();
            if (!line.equals(last[0])) {
                write(file, line);
                last[0] = line;
            }
        }, 0, 1, TimeUnit.SECONDS);
    }

    private static void write(Path file, String line) {
        try {
            final Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(tmp, line + '\n', StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "flushes=%d writes=%d bytesOut=%d tlsRecordsOut=%d tlsRecordsIn=%d",
                             flushes, writes, bytesOut, tlsRecordsOut, tlsRecordsIn);
    }
}
