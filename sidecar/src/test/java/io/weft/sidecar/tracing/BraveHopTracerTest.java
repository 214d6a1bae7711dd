package io.weft.sidecar.tracing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import zipkin2.reporter.BytesMessageSender;
import zipkin2.reporter.Encoding;

/** Sampling, the incoming decision, what a span carries, and export that drops instead of blocking. */
class BraveHopTracerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String CALLER_SPAN = "00f067aa0ba902b7";

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final RecordingSender sender = new RecordingSender();

    private static Map<String, String> traceparent(String flags) {
        return Map.of("traceparent", "00-" + TRACE + '-' + CALLER_SPAN + '-' + flags);
    }

    private static HopOutcome ok(boolean grpc) {
        return new HopOutcome("POST", "/weft.demo.sum.v1.SumService/Add", grpc, 1_700_000_000_000_000L,
                              2_500_000, 200, grpc ? "0" : null, "spiffe://weft.local/ns/default/dc/dc1/svc/hello",
                              null, null, 0, null);
    }

    /** Runs one hop on a tracer at {@code sampling}; returns the headers it would forward. */
    private Map<String, String> hop(double sampling, Map<String, String> incoming) {
        final Map<String, String> forwarded = new HashMap<>();
        try (BraveHopTracer tracer = new BraveHopTracer("sum", sampling, sender, "test", 100, registry)) {
            final HopSpan span = tracer.start(Hop.INBOUND, incoming, Map::get);
            span.inject(forwarded, Map::put);
            span.finish(ok(true));
        } // close flushes the queue
        return forwarded;
    }

    @Test
    void aSampledCallerIsJoinedAndItsSpanIsTheParent() throws Exception {
        final Map<String, String> forwarded = hop(0, traceparent("01"));
        final List<JsonNode> spans = sender.spans();
        assertThat(spans).as("an incoming sampled=1 wins over sampling 0").hasSize(1);
        final JsonNode span = spans.get(0);
        assertThat(span.get("traceId").asText()).isEqualTo(TRACE);
        assertThat(span.get("parentId").asText()).isEqualTo(CALLER_SPAN);
        assertThat(span.get("kind").asText()).isEqualTo("SERVER");
        assertThat(span.get("name").asText()).isEqualTo("/weft.demo.sum.v1.SumService/Add");
        assertThat(span.get("localEndpoint").get("serviceName").asText()).isEqualTo("sum");
        assertThat(span.get("timestamp").asLong()).isEqualTo(1_700_000_000_000_000L);
        assertThat(span.get("duration").asLong()).isEqualTo(2500);
        final JsonNode tags = span.get("tags");
        assertThat(tags.get("weft.hop").asText()).isEqualTo("inbound");
        assertThat(tags.get("grpc.status_code").asText()).isEqualTo("0");
        assertThat(tags.get("http.status_code").asText()).isEqualTo("200");
        assertThat(tags.get("weft.peer").asText()).endsWith("/svc/hello");
        assertThat(span.get("remoteEndpoint").get("serviceName").asText()).as("a server span's remote: its caller")
                                                                        .isEqualTo("hello");
        assertThat(tags.has("error")).isFalse();
        // What goes on names this span as the parent, in the caller's trace, still sampled.
        assertThat(forwarded.get("traceparent")).isEqualTo("00-" + TRACE + '-' + span.get("id").asText() + "-01");
        assertThat(forwarded.get("x-b3-parentspanid")).isEqualTo(CALLER_SPAN);
    }

    @Test
    void samplingZeroExportsNothingAndPassesTheDecisionOn() throws Exception {
        final Map<String, String> forwarded = hop(0, Map.of());
        assertThat(sender.spans()).isEmpty();
        assertThat(forwarded.get("traceparent")).endsWith("-00");
        assertThat(forwarded.get("x-b3-sampled")).isEqualTo("0");
    }

    @Test
    void anUnsampledCallerIsHonouredEvenAtSamplingOne() throws Exception {
        hop(1, traceparent("00"));
        hop(1, Map.of("b3", "0"));
        assertThat(sender.spans()).isEmpty();
        hop(1, Map.of());
        assertThat(sender.spans()).as("no decision: sampling 1 records a new trace").hasSize(1);
        assertThat(sender.spans().get(0).has("parentId")).isFalse();
    }

    @Test
    void aFullExportQueueDropsAndCountsInsteadOfBlocking() throws Exception {
        final CountDownLatch release = new CountDownLatch(1);
        sender.blockUntil(release);
        try (BraveHopTracer tracer = new BraveHopTracer("sum", 1, sender, "test", 2, registry)) {
            // The export thread takes the first span(s) and blocks in send; two more fill the queue.
            for (int i = 0; i < 50; i++) {
                tracer.start(Hop.OUTBOUND, Map.<String, String>of(), Map::get).finish(ok(false));
            }
            await().atMost(Duration.ofSeconds(10)).untilAsserted(
                    () -> assertThat(registry.get("weft.trace.spans.dropped").counter().count()).isPositive());
            assertThat(registry.get("weft.trace.spans.reported").counter().count()).isEqualTo(50);
            release.countDown(); // before close, which flushes what is left
        } finally {
            release.countDown();
        }
    }

    @Test
    void aCollectorThatCannotBeReachedIsOneLogLineAndItsSpansAreCounted() throws Exception {
        final Logger log = (Logger) LoggerFactory.getLogger(ExportMetrics.class);
        final Level level = log.getLevel();
        final ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.start();
        log.addAppender(lines);
        log.setLevel(Level.INFO);
        sender.failWith(new java.net.UnknownHostException("zipkin"));
        try (BraveHopTracer tracer = new BraveHopTracer("sum", 1, sender, "http://zipkin:9411", 100, registry)) {
            for (int i = 1; i <= 3; i++) { // three messages, each sent (and failed) on its own
                tracer.start(Hop.OUTBOUND, Map.<String, String>of(), Map::get).finish(ok(false));
                final int sent = i;
                await().atMost(Duration.ofSeconds(10)).untilAsserted(
                        () -> assertThat(registry.get("weft.trace.spans.dropped").counter().count()).isEqualTo(sent));
            }
        } finally {
            log.detachAppender(lines);
            log.setLevel(level);
        }
        assertThat(lines.list).as("one line for the outage, not one per message").hasSize(1);
        assertThat(lines.list.get(0).getLevel()).isEqualTo(Level.INFO);
        assertThat(lines.list.get(0).getFormattedMessage())
                .startsWith("Spans cannot reach the trace collector http://zipkin:9411: UnknownHostException: zipkin")
                .contains("weft_trace_spans_dropped_total");
        assertThat(lines.list.get(0).getThrowableProxy()).as("no stack trace").isNull();
        assertThat(java.util.logging.Logger.getLogger("zipkin2.reporter.internal.AsyncReporter$BoundedAsyncReporter")
                                           .isLoggable(java.util.logging.Level.WARNING))
                .as("zipkin-reporter's own WARNING with a stack trace is silenced").isFalse();
    }

    /**
     * Collects what zipkin-reporter sends; optionally blocks in {@code send} until released, or fails every
     * send.
     */
    private static final class RecordingSender implements BytesMessageSender {
        private final List<byte[]> messages = new CopyOnWriteArrayList<>();
        private volatile CountDownLatch block = new CountDownLatch(0);
        private volatile IOException failure;

        void failWith(IOException e) {
            failure = e;
        }

        void blockUntil(CountDownLatch latch) {
            block = latch;
        }

        List<JsonNode> spans() throws IOException {
            final List<JsonNode> spans = new ArrayList<>();
            for (byte[] span : messages) {
                spans.add(JSON.readTree(span));
            }
            return spans;
        }

        @Override
        public Encoding encoding() {
            return Encoding.JSON;
        }

        @Override
        public int messageMaxBytes() {
            return 500_000;
        }

        @Override
        public int messageSizeInBytes(List<byte[]> encodedSpans) {
            return Encoding.JSON.listSizeInBytes(encodedSpans);
        }

        @Override
        public int messageSizeInBytes(int encodedSizeInBytes) {
            return Encoding.JSON.listSizeInBytes(encodedSizeInBytes);
        }

        @Override
        public void send(List<byte[]> encodedSpans) throws IOException {
            if (failure != null) {
                throw failure;
            }
            try {
                block.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new UncheckedIOException(new IOException(e));
            }
            messages.addAll(encodedSpans);
        }

        @Override
        public void close() {}
    }
}
