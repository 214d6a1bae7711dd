package io.weft.sidecar.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

/** W3C and B3 (single and multi) read, written, and read back. */
class TraceHeadersTest {

    private static final TraceHeaders.Getter<Map<String, String>> GET = Map::get;
    private static final TraceHeaders.Setter<Map<String, String>> SET = Map::put;

    private static SpanContext extract(Map<String, String> headers) {
        return TraceHeaders.extract(headers, GET);
    }

    private static Map<String, String> inject(SpanContext context) {
        final Map<String, String> headers = new TreeMap<>();
        TraceHeaders.inject(context, headers, SET);
        return headers;
    }

    @Test
    void w3cTraceparentIsReadWithItsTracestate() {
        final SpanContext c = extract(Map.of(
                "traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
                "tracestate", "rojo=00f067aa0ba902b7,congo=t61rcWkgMzE"));
        assertThat(c.traceIdHex()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
        assertThat(c.spanId()).isEqualTo(0x00f067aa0ba902b7L);
        assertThat(c.sampled()).isTrue();
        assertThat(c.tracestate()).isEqualTo("rojo=00f067aa0ba902b7,congo=t61rcWkgMzE");

        assertThat(extract(Map.of("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00"))
                           .sampled()).isFalse();
    }

    @Test
    void everyFormatIsWrittenAndReadsBackAlone() {
        final SpanContext sent = new SpanContext(0x4bf92f3577b34da6L, 0xa3ce929d0e0e4736L, 0x00f067aa0ba902b7L,
                                                 0x1111111111111111L, true, false, "k=v");
        final Map<String, String> headers = inject(sent);
        assertThat(headers).containsEntry("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")
                           .containsEntry("tracestate", "k=v")
                           .containsEntry("b3", "4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-1-1111111111111111")
                           .containsEntry("x-b3-traceid", "4bf92f3577b34da6a3ce929d0e0e4736")
                           .containsEntry("x-b3-spanid", "00f067aa0ba902b7")
                           .containsEntry("x-b3-parentspanid", "1111111111111111")
                           .containsEntry("x-b3-sampled", "1");

        // Each format on its own carries the same trace, span and decision.
        for (Map<String, String> alone : new Map[] {
                Map.of("traceparent", headers.get("traceparent")),
                Map.of("b3", headers.get("b3")),
                Map.of("x-b3-traceid", headers.get("x-b3-traceid"), "x-b3-spanid", headers.get("x-b3-spanid"),
                       "x-b3-sampled", headers.get("x-b3-sampled")) }) {
            final SpanContext read = extract(alone);
            assertThat(read.traceIdHex()).as("%s", alone).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
            assertThat(read.spanId()).as("%s", alone).isEqualTo(0x00f067aa0ba902b7L);
            assertThat(read.sampled()).as("%s", alone).isTrue();
        }
    }

    @Test
    void b3SingleAndMultiWith64BitIdsAndDecisions() {
        final SpanContext single = extract(Map.of("b3", "a3ce929d0e0e4736-00f067aa0ba902b7-0"));
        assertThat(single.traceIdHex()).isEqualTo("a3ce929d0e0e4736");
        assertThat(single.sampled()).isFalse();
        // A 64-bit B3 id becomes a 128-bit W3C id padded with zeros, and stays 64-bit in B3.
        assertThat(inject(single)).containsEntry("traceparent",
                                                 "00-0000000000000000a3ce929d0e0e4736-00f067aa0ba902b7-00")
                                  .containsEntry("b3", "a3ce929d0e0e4736-00f067aa0ba902b7-0");

        final SpanContext multi = extract(Map.of("x-b3-traceid", "a3ce929d0e0e4736", "x-b3-spanid",
                                                 "00f067aa0ba902b7", "x-b3-flags", "1"));
        assertThat(multi.debug()).isTrue();
        assertThat(multi.sampled()).isTrue();
        assertThat(inject(multi)).containsEntry("x-b3-flags", "1").containsEntry("b3",
                "a3ce929d0e0e4736-00f067aa0ba902b7-d");

        assertThat(extract(Map.of("x-b3-traceid", "a3ce929d0e0e4736", "x-b3-spanid", "00f067aa0ba902b7"))
                           .sampled()).as("no decision: the receiver decides").isNull();
        final SpanContext deny = extract(Map.of("b3", "0"));
        assertThat(deny.hasIds()).isFalse();
        assertThat(deny.sampled()).isFalse();
        assertThat(inject(deny)).containsOnly(Map.entry("b3", "0"), Map.entry("x-b3-sampled", "0"));
    }

    @Test
    void w3cWinsOverB3AndMalformedHeadersAreIgnored() {
        assertThat(extract(Map.of("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
                                  "b3", "a3ce929d0e0e4736-00f067aa0ba902b7-0")).traceIdHex())
                .isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
        // A broken traceparent falls back to B3.
        assertThat(extract(Map.of("traceparent", "garbage", "b3", "a3ce929d0e0e4736-00f067aa0ba902b7-0"))
                           .traceIdHex()).isEqualTo("a3ce929d0e0e4736");
        for (String bad : new String[] {
                "00-00000000000000000000000000000000-00f067aa0ba902b7-01", // all-zero trace id
                "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01", // all-zero span id
                "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", // version ff
                "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01", // upper case
                "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra", // version 00 with more
        }) {
            assertThat(extract(Map.of("traceparent", bad))).as(bad).isNull();
        }
        assertThat(extract(Map.of("b3", "xyz-00f067aa0ba902b7"))).isNull();
        assertThat(extract(Map.of("b3", "a3ce929d0e0e4736-00f067aa0ba902b7-7"))).isNull();
        assertThat(extract(Map.of())).isNull();
        // A future version may append fields after the four it shares with 00.
        assertThat(extract(Map.of("traceparent", "01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-later")))
                .isNotNull();
    }
}
