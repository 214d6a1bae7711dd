package io.weft.devmesh.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;


class MeshTableTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T12:00:00Z"), ZoneOffset.UTC);

    @Test
    void rendersServicesSidecarsAndIntentions() throws Exception {
        final String json = """
                {"snapshot":{"version":7,"stale":false,"lastConsulContact":"2026-01-01T11:59:58Z"},
                 "services":[{"name":"sum","instances":[
                    {"id":"sum-1","address":"127.0.0.1","port":40001,"protocol":"grpc","health":"passing"},
                    {"id":"sum-2","address":"127.0.0.1","port":40002,"protocol":"grpc","health":"passing"}]}],
                 "intentions":{"defaultAction":"allow","rules":[
                    {"source":"hello","destination":"sum","action":"deny"},
                    {"source":"web","destination":"sum","action":null,
                     "permissions":["deny GET PathPrefix /admin","allow PathPrefix /"]}]},
                 "sidecars":[{"service":"sum","instanceId":"sum-1","connectedAt":"2026-01-01T11:55:00Z",
                    "certificateNotAfter":"2026-01-02T11:00:00Z",
                    "resources":{"certificate":{"sent":2,"acked":2,"nackError":null},
                                 "endpoints:sum":{"sent":7,"acked":6,"nackError":null}}}]}
                """;
        final String out = MeshTable.render(MeshDocument.parse(json), CLOCK);
        assertThat(out).startsWith("snapshot v7  fresh, last Consul contact 2s ago");
        assertThat(out).contains("sum      sum-1     127.0.0.1:40001  grpc      passing");
        assertThat(out).contains("sum-1    sum      certificate=2 endpoints:sum=6(sent 7)  in 23h00m     5m00s ago");
        assertThat(out).contains("intentions (default allow):").contains("hello   sum          deny")
                       .contains("web     sum          deny GET PathPrefix /admin; allow PathPrefix /");
    }

    @Test
    void routingShowsNonDefaultChainsAndEntriesThatWereNotApplied() throws Exception {
        final String json = """
                {"services":[],"sidecars":[],
                 "routing":{"chains":[
                    {"service":"sum","version":4,"protocol":"grpc","start":"router:sum.default.default.dc1",
                     "targets":["v1.sum.default.default.dc1","v2.sum.default.default.dc1"],"error":null},
                    {"service":"hello","version":2,"protocol":null,"start":null,"targets":[],
                     "error":"service-resolver 'hello': subset 'v9' does not exist"}],
                  "rejectedEntries":[{"kind":"service-router","name":"echo",
                     "error":"Route[0] Destination: unknown field 'Wieght'"}]}}
                """;
        final String out = MeshTable.render(MeshDocument.parse(json), CLOCK);
        assertThat(out).contains("routing (Consul config entries):")
                       .contains("sum      grpc      router:sum.default.default.dc1  "
                                 + "v1.sum.default.default.dc1 v2.sum.default.default.dc1")
                       .contains("  not compiled: hello: service-resolver 'hello': subset 'v9' does not exist")
                       .contains("  not applied: service-router/echo: Route[0] Destination: unknown field 'Wieght'");
        assertThat(MeshTable.render(MeshDocument.parse("{\"services\":[],\"sidecars\":[]}"), CLOCK))
                .doesNotContain("routing");
    }

    @Test
    void staleAndEmptyMeshesSaySo() throws Exception {
        final String out = MeshTable.render(MeshDocument.parse(
                "{\"snapshot\":{\"version\":3,\"stale\":true},\"services\":[],\"sidecars\":[]}"), CLOCK);
        assertThat(out).contains("STALE").contains("no mesh services registered").contains("no sidecars connected")
                       .contains("intentions (default -):\n  none");
    }

    @Test
    void humanDurations() {
        assertThat(MeshTable.human(Duration.ofSeconds(45))).isEqualTo("45s");
        assertThat(MeshTable.human(Duration.ofSeconds(185))).isEqualTo("3m05s");
        assertThat(MeshTable.human(Duration.ofHours(30).plusMinutes(1))).isEqualTo("30h01m");
        assertThat(MeshTable.human(Duration.ofSeconds(-5))).isEqualTo("0s");
    }
}
