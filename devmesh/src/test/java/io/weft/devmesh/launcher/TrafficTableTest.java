package io.weft.devmesh.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TrafficTableTest {

    @Test
    void oneLinePerEdgeThenPerInstanceWhenThereAreSeveral() throws Exception {
        final String json = """
                {"generatedAt":"2026-01-01T12:00:00Z","windowSeconds":60,"intervalSeconds":5.0,"edges":[
                  {"source":"gateway","destination":"hello",
                   "total":{"requests":120,"rps":2.0,"successRate":1.0,"p50Ms":1.25,"p95Ms":4.5,"p99Ms":9.9},
                   "instances":[{"instanceId":"hello-1","stats":{"requests":120,"rps":2.0,"successRate":1.0,
                                 "p50Ms":1.25,"p95Ms":4.5,"p99Ms":9.9}}]},
                  {"source":"hello","destination":"sum",
                   "total":{"requests":300,"rps":5.0,"successRate":0.9867,"p50Ms":2.0,"p95Ms":12.4,"p99Ms":250.0},
                   "instances":[
                     {"instanceId":"sum-1","stats":{"requests":150,"rps":2.5,"successRate":1.0,"p50Ms":2.0,
                                                    "p95Ms":12.4,"p99Ms":25.0}},
                     {"instanceId":"sum-2","stats":{"requests":150,"rps":2.5,"successRate":0.9733,"p50Ms":2.0,
                                                    "p95Ms":12.4,"p99Ms":250.0}}]}],
                 "futureField":true}
                """;
        final String out = TrafficTable.render(TrafficDocument.parse(json));
        assertThat(out).isEqualTo("""
                traffic over the last 60s, as the destinations' sidecars saw it:
                  SOURCE   DESTINATION  INSTANCE  SUCCESS  RPS     LATENCY_P50  LATENCY_P95  LATENCY_P99  REQUESTS
                  gateway  hello        *         100.00%  2.0rps  1.3ms        4.5ms        9.9ms        120
                  hello    sum          *         98.67%   5.0rps  2.0ms        12ms         250ms        300
                                        sum-1     100.00%  2.5rps  2.0ms        12ms         25ms         150
                                        sum-2     97.33%   2.5rps  2.0ms        12ms         250ms        150
                """);
    }

    @Test
    void anIdleMeshSaysSo() throws Exception {
        assertThat(TrafficTable.render(TrafficDocument.parse("{\"windowSeconds\":60,\"edges\":[]}")))
                .isEqualTo("no traffic in the last 60s (sidecars report every few seconds)\n");
        assertThat(TrafficTable.render(TrafficDocument.parse(
                "{\"windowSeconds\":60,\"edges\":[{\"source\":\"a\",\"destination\":\"b\"}]}")))
                .contains("a       b            *         -        -");
    }
}
