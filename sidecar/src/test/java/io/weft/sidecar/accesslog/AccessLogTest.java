package io.weft.sidecar.accesslog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

class AccessLogTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    private static AccessLogEntry entry(String path) {
        return new AccessLogEntry(1_700_000_000_123_456L, "outbound", "GET", "hello", path, 200, null, 1_500_000,
                                  0, 42, "hello", "127.0.0.1:21001", null, 1, "4bf92f3577b34da6a3ce929d0e0e4736",
                                  null);
    }

    @Test
    void linesAreJsonWithEveryField(@TempDir Path dir) throws IOException {
        final Path file = dir.resolve("access.log");
        try (AccessLog log = AccessLog.open(file.toString(), registry)) {
            log.log(entry("/greet \"quoted\"\n"));
            log.log(entry("/second"));
        } // close writes what is queued
        final List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(2);
        final JsonNode first = JSON.readTree(lines.get(0));
        assertThat(first.get("time").asText()).isEqualTo("2023-11-14T22:13:20.123456Z");
        assertThat(first.get("direction").asText()).isEqualTo("outbound");
        assertThat(first.get("path").asText()).isEqualTo("/greet \"quoted\"\n");
        assertThat(first.get("status").asInt()).isEqualTo(200);
        assertThat(first.get("grpc_status").isNull()).isTrue();
        assertThat(first.get("duration_ms").asDouble()).isEqualTo(1.5);
        assertThat(first.get("bytes_out").asLong()).isEqualTo(42);
        assertThat(first.get("upstream_endpoint").asText()).isEqualTo("127.0.0.1:21001");
        assertThat(first.get("retries").asInt()).isEqualTo(1);
        assertThat(first.get("trace_id").asText()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
        assertThat(JSON.readTree(lines.get(1)).get("path").asText()).isEqualTo("/second");
    }

    @Test
    void aStuckWriterDropsAndCountsInsteadOfBlocking() {
        final CountDownLatch release = new CountDownLatch(1);
        final ByteArrayOutputStream written = new ByteArrayOutputStream();
        final OutputStream stuck = new OutputStream() {
            @Override
            public void write(int b) {
                write(new byte[] { (byte) b }, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                written.write(b, off, len);
            }
        };
        try (AccessLog log = new AccessLog(stuck, true, 4, registry)) {
            for (int i = 0; i < 100; i++) {
                log.log(entry("/" + i)); // returns at once, whether queued or dropped
            }
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(log.dropped()).isPositive());
            assertThat(registry.get("weft.access.log.dropped").counter().count()).isEqualTo(log.dropped());
            release.countDown();
        }
        final String[] lines = written.toString(StandardCharsets.UTF_8).split("\n");
        assertThat(lines.length + registryDropped()).isEqualTo(100);
    }

    private long registryDropped() {
        return (long) registry.get("weft.access.log.dropped").counter().count();
    }

    @Test
    void anUnwritableFileIsNamed(@TempDir Path dir) {
        final String target = dir.resolve("missing-dir/access.log").toString();
        assertThatThrownBy(() -> AccessLog.open(target, registry))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("access-log: '" + target + "' cannot be opened");
    }
}
