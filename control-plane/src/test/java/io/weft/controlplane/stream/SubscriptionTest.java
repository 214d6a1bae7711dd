package io.weft.controlplane.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

import io.weft.controlplane.snapshot.Health;
import io.weft.controlplane.snapshot.Intention;
import io.weft.controlplane.snapshot.IntentionAction;
import io.weft.controlplane.snapshot.MeshSnapshot;
import io.weft.controlplane.snapshot.ServiceEndpoints;
import io.weft.controlplane.snapshot.ServiceInstance;
import io.weft.controlplane.snapshot.SnapshotChange;
import io.weft.controlplane.snapshot.SnapshotDiff;
import io.weft.controlplane.snapshot.TrustRoots;

class SubscriptionTest {

    private record Sent(String key, long version) {}

    private final List<Sent> sent = new ArrayList<>();
    private final Subscription.Sink sink = (key, message, version) -> sent.add(new Sent(key.toString(), version));

    private static MeshSnapshot snapshot(long version, List<Intention> intentions, String... services) {
        final TreeMap<String, ServiceEndpoints> byName = new TreeMap<>();
        for (String service : services) {
            byName.put(service, new ServiceEndpoints(service, version, List.of(new ServiceInstance(
                    service + "-1", "10.0.0.1", 21000, "grpc", 1, "", Map.of(), Health.PASSING))));
        }
        return new MeshSnapshot(version, Instant.EPOCH, byName, intentions, version, IntentionAction.ALLOW,
                                new TrustRoots("weft.local", List.of("PEM")), 1);
    }

    private static ChangeMessages change(MeshSnapshot previous, MeshSnapshot current, SnapshotDiff diff) {
        return new ChangeMessages(new SnapshotChange(previous, current, diff), "weft.local", "dc1");
    }

    @Test
    void fullStateIsTheBundleTheUpstreamsEndpointsAndRoutesAndTheIntentionsProtectingTheSidecar() {
        final MeshSnapshot snapshot = snapshot(5, List.of(), "sum", "hello", "other");
        new Subscription("hello", false, Set.of("sum", "unknown"))
                .fullState(ChangeMessages.fullState(snapshot, "weft.local", "dc1"), sink);
        assertThat(sent.get(0)).isEqualTo(new Sent("trust_bundle", 1));
        // An upstream the snapshot does not know gets an empty set (and default routes) at the snapshot's version.
        assertThat(sent.subList(1, 5)).containsExactlyInAnyOrder(new Sent("endpoints/sum", 5),
                                                                 new Sent("routes/sum", 5),
                                                                 new Sent("endpoints/unknown", 5),
                                                                 new Sent("routes/unknown", 5));
        assertThat(sent.get(5)).isEqualTo(new Sent("intentions/hello", 5));
    }

    @Test
    void allUpstreamsMeansEveryServiceOfTheSnapshot() {
        new Subscription("gateway", true, Set.of())
                .fullState(ChangeMessages.fullState(snapshot(2, List.of(), "sum", "hello"), "weft.local", "dc1"),
                           sink);
        assertThat(sent).extracting(Sent::key)
                        .containsExactly("trust_bundle", "endpoints/hello", "routes/hello", "endpoints/sum",
                                         "routes/sum", "intentions/gateway");
    }

    @Test
    void changesOnlyWhatTheSidecarSubscribesTo() {
        final MeshSnapshot before = snapshot(3, List.of(), "sum", "hello", "other");
        final MeshSnapshot after = snapshot(4, List.of(Intention.of("gateway", "sum", IntentionAction.DENY)),
                                            "sum", "hello");
        final ChangeMessages change = change(
                before, after, new SnapshotDiff(Set.of("sum", "hello"), Set.of("other"), true, false));

        new Subscription("hello", false, Set.of("sum", "other")).changes(change, sink);
        // sum changed, other left the catalog; hello's own intentions did not change, nor the trust roots.
        assertThat(sent).containsExactlyInAnyOrder(new Sent("endpoints/sum", 4), new Sent("endpoints/other", 4));

        sent.clear();
        new Subscription("sum", false, Set.of()).changes(change, sink);
        assertThat(sent).containsExactly(new Sent("intentions/sum", 4));
    }

    @Test
    void aNewTrustRootReachesEverySidecar() {
        final MeshSnapshot snapshot = snapshot(6, List.of(), "sum");
        new Subscription("hello", false, Set.of())
                .changes(change(snapshot, snapshot, new SnapshotDiff(Set.of(), Set.of(), false, true)), sink);
        assertThat(sent).containsExactly(new Sent("trust_bundle", 1));
    }
}
