package io.weft.controlplane.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.weft.controlplane.chain.ChainSet;
import io.weft.controlplane.chain.RouteMatch.HeaderMatch;
import io.weft.controlplane.snapshot.Health;
import io.weft.controlplane.snapshot.Intention;
import io.weft.controlplane.snapshot.IntentionAction;
import io.weft.controlplane.snapshot.IntentionPermission;
import io.weft.controlplane.snapshot.MeshSnapshot;
import io.weft.controlplane.snapshot.ServiceEndpoints;
import io.weft.controlplane.snapshot.ServiceInstance;
import io.weft.controlplane.snapshot.TrustRoots;
import io.weft.controlplane.stream.ResourceVersions;
import io.weft.controlplane.stream.SessionView;

class MeshStatusTest {

    private static final Instant BUILT = Instant.parse("2026-01-02T03:04:05Z");

    private static MeshSnapshot snapshot() throws Exception {
        final ObjectMapper json = new ObjectMapper();
        final ChainSet chains = ChainSet.EMPTY.recompile(List.of("sum", "hello"), Map.of("service-router", List.of(
                json.readTree("{\"Kind\":\"service-router\",\"Name\":\"sum\"}"),
                json.readTree("{\"Kind\":\"service-router\",\"Name\":\"hello\",\"Routes\":[{\"Match\":{\"HTTP\":" +
                              "{\"PathPrefix\":\"x\"}}}]}"))), "dc1", 5).next();
        final ServiceInstance sum1 = new ServiceInstance("sum-1", "10.0.0.5", 21000, "grpc", 5, "z1",
                                                         Map.of("weft-protocol", "grpc"), Health.PASSING);
        final TreeMap<String, ServiceEndpoints> services = new TreeMap<>();
        services.put("sum", new ServiceEndpoints("sum", 4, List.of(sum1)));
        return new MeshSnapshot(7, BUILT, services, List.of(Intention.of("hello", "sum", IntentionAction.DENY)), 6,
                                IntentionAction.ALLOW, new TrustRoots("weft.local", List.of("PEM")), 1, chains);
    }

    private static List<SessionView> sidecars() {
        final Map<String, ResourceVersions> resources = new TreeMap<>();
        resources.put("certificate", new ResourceVersions(1, 1, 0, null));
        resources.put("endpoints/sum", new ResourceVersions(4, 3, 4, "bad"));
        return List.of(new SessionView(1, "hello", "hello-1", "spiffe://weft.local/ns/default/dc/dc1/svc/hello",
                                       "0.1", "127.0.0.1:5000", BUILT, null, null, resources, 0));
    }

    @Test
    void l7RulesShowTheirPermissionsAndUnapplicableOnesAreListedAsRejected() throws Exception {
        final MeshSnapshot snapshot = new MeshSnapshot(
                2, BUILT, new TreeMap<>(), List.of(
                        Intention.of("web", "sum", List.of(
                                new IntentionPermission(IntentionAction.DENY, "", "/admin", "",
                                                        List.of(new HeaderMatch("x-user", false, "ada", "", "", "",
                                                                                true)),
                                                        List.of("GET")),
                                new IntentionPermission(IntentionAction.ALLOW, "", "", "/v[0-9]/.*", List.of(),
                                                        List.of()))),
                        Intention.unapplicable("api", "sum", 9, "intention api -> sum: Permissions[0].HTTP is required")),
                2, IntentionAction.DENY, TrustRoots.EMPTY, 0);
        final String json = new ObjectMapper().writeValueAsString(
                MeshStatus.of(snapshot, true, false, null, 0, List.of()).intentions());
        assertThat(json).isEqualTo(
                "{\"version\":2,\"defaultAction\":\"deny\",\"rules\":[" +
                "{\"source\":\"api\",\"destination\":\"sum\",\"action\":\"deny\",\"precedence\":9," +
                "\"permissions\":[]}," +
                "{\"source\":\"web\",\"destination\":\"sum\",\"action\":null,\"precedence\":9,\"permissions\":[" +
                "\"deny GET PathPrefix /admin header x-user not Exact \\\"ada\\\"\",\"allow PathRegex /v[0-9]/.*\"]}]," +
                "\"rejected\":[{\"source\":\"api\",\"destination\":\"sum\"," +
                "\"error\":\"intention api -> sum: Permissions[0].HTTP is required\"}]}");
    }

    @Test
    void serialisesToTheDocumentOtherToolsRead() throws Exception {
        final String json = new ObjectMapper().writeValueAsString(
                MeshStatus.of(snapshot(), true, false, null, 2, sidecars()));
        assertThat(json).isEqualTo(
                "{\"snapshot\":{\"version\":7,\"builtAt\":\"2026-01-02T03:04:05Z\",\"ready\":true,\"stale\":false," +
                "\"lastConsulContact\":null,\"consulWatchErrors\":2}," +
                "\"services\":[{\"name\":\"sum\",\"version\":4,\"instances\":[{\"id\":\"sum-1\",\"address\":\"10.0.0.5\"," +
                "\"port\":21000,\"protocol\":\"grpc\",\"weight\":5,\"zone\":\"z1\",\"health\":\"passing\"," +
                "\"meta\":{\"weft-protocol\":\"grpc\"}}]}]," +
                "\"intentions\":{\"version\":6,\"defaultAction\":\"allow\",\"rules\":[{\"source\":\"hello\"," +
                "\"destination\":\"sum\",\"action\":\"deny\",\"precedence\":9,\"permissions\":[]}],\"rejected\":[]}," +
                "\"routing\":{\"chains\":[{\"service\":\"sum\",\"version\":5,\"protocol\":null,\"start\":null," +
                "\"targets\":[],\"error\":\"discovery chain \\\"sum\\\" uses a protocol \\\"tcp\\\" that does not " +
                "permit advanced routing or splitting behavior\"}],\"rejectedEntries\":[{\"kind\":\"service-router\"," +
                "\"name\":\"hello\",\"error\":\"service-router \\\"hello\\\": Route[0] PathPrefix doesn't start " +
                "with '/': \\\"x\\\"\"}]}," +
                "\"trustBundle\":{\"trustDomain\":\"weft.local\",\"version\":1,\"roots\":1}," +
                "\"sidecars\":[{\"id\":1,\"service\":\"hello\",\"instanceId\":\"hello-1\"," +
                "\"identity\":\"spiffe://weft.local/ns/default/dc/dc1/svc/hello\",\"sidecarVersion\":\"0.1\"," +
                "\"remoteAddress\":\"127.0.0.1:5000\",\"connectedAt\":\"2026-01-02T03:04:05Z\"," +
                "\"certificateNotBefore\":null,\"certificateNotAfter\":null,\"pending\":0,\"resources\":{" +
                "\"certificate\":{\"sent\":1,\"acked\":1,\"nacked\":0,\"nackError\":null}," +
                "\"endpoints/sum\":{\"sent\":4,\"acked\":3,\"nacked\":4,\"nackError\":\"bad\"}}}]}");
    }

    @Test
    void readsBackIntoTheSameRecords() throws Exception {
        final ObjectMapper mapper = new ObjectMapper();
        final MeshStatus status = MeshStatus.of(snapshot(), true, true, BUILT, 0, sidecars());
        assertThat(mapper.readValue(mapper.writeValueAsString(status), MeshStatus.class)).isEqualTo(status);
    }
}
