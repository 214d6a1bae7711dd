package io.weft.sidecar.balancing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;

/** Each picker on its own: spread, weights, choice count, and consistent hashing's stickiness and ~1/N moves. */
class PickersTest {

    private static List<EndpointState> endpoints(int n) {
        final List<EndpointState> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new EndpointState(UpstreamEndpoint.of("sum-" + i, "10.0.0." + i, 8443)));
        }
        return List.copyOf(out);
    }

    private static Map<EndpointState, Integer> owners(Picker picker, List<EndpointState> all, int keys) {
        final Map<EndpointState, Integer> hits = new HashMap<>();
        for (int k = 0; k < keys; k++) {
            hits.merge(picker.pick(all, all, Hashing.hash64("user-" + k)), 1, Integer::sum);
        }
        return hits;
    }

    private static Map<Integer, String> assignment(Picker picker, List<EndpointState> all, int keys) {
        final Map<Integer, String> out = new HashMap<>();
        for (int k = 0; k < keys; k++) {
            out.put(k, picker.pick(all, all, Hashing.hash64("user-" + k)).descriptor().instanceId());
        }
        return out;
    }

    /** {@code strayShare}: the share of keys allowed to move between the old endpoints (Maglev moves a few). */
    private static void consistent(Supplier<Picker> pickers, double strayShare) {
        final List<EndpointState> four = endpoints(4);
        final Picker picker = pickers.get();
        // a key stays on its endpoint, also for a fresh picker over equal instances (the ring depends on ids only)
        final Map<Integer, String> before = assignment(picker, four, 10_000);
        assertThat(assignment(picker, four, 10_000)).isEqualTo(before);
        assertThat(assignment(pickers.get(), endpoints(4), 10_000)).isEqualTo(before);
        // spread over every endpoint: each owns 25 % of the keys within 7 points
        owners(picker, four, 10_000).values().forEach(n -> assertThat(n).isBetween(1_800, 3_200));
        // a fifth endpoint takes ~1/5 of the keys, and only keys move to it
        final List<EndpointState> five = new ArrayList<>(four);
        five.add(new EndpointState(UpstreamEndpoint.of("sum-4", "10.0.0.4", 8443)));
        final Map<Integer, String> after = assignment(picker, List.copyOf(five), 10_000);
        int moved = 0;
        int stray = 0;
        for (int k = 0; k < 10_000; k++) {
            if (after.get(k).equals("sum-4")) {
                moved++;
            } else if (!after.get(k).equals(before.get(k))) {
                stray++;
            }
        }
        assertThat(moved).isBetween(1_300, 2_700);
        assertThat(stray).isLessThanOrEqualTo((int) (10_000 * strayShare));
    }

    @Test
    void ringHashKeepsKeysAndMovesAboutOneNth() {
        consistent(() -> new RingHash(Balancer.DEFAULT_MINIMUM_RING_SIZE, Balancer.DEFAULT_MAXIMUM_RING_SIZE), 0);
    }

    @Test
    void maglevKeepsKeysAndMovesAboutOneNth() {
        consistent(() -> new Maglev(Maglev.TABLE_SIZE), 0.05);
    }

    @Test
    void hashPickersPassOverAnEndpointThatIsNotACandidate() {
        for (Picker picker : List.of(new RingHash(1024, 1024), new Maglev(Maglev.TABLE_SIZE))) {
            final List<EndpointState> all = endpoints(3);
            final Map<Integer, String> before = assignment(picker, all, 3_000);
            final List<EndpointState> withoutFirst = all.subList(1, 3); // sum-0 ejected
            for (int k = 0; k < 3_000; k++) {
                final String now = picker.pick(withoutFirst, all, Hashing.hash64("user-" + k)).descriptor().instanceId();
                if (!before.get(k).equals("sum-0")) {
                    assertThat(now).as("key %s", k).isEqualTo(before.get(k)); // others' keys stay put
                } else {
                    assertThat(now).isNotEqualTo("sum-0");
                }
            }
        }
    }

    @Test
    void aHashPickerWithoutAKeyPicksAtRandom() {
        final List<EndpointState> all = endpoints(3);
        final Map<EndpointState, Integer> hits = new HashMap<>();
        final Picker ring = new RingHash(1024, 1024);
        for (int i = 0; i < 3_000; i++) {
            hits.merge(ring.pick(all, all, null), 1, Integer::sum);
        }
        assertThat(hits).hasSize(3);
        hits.values().forEach(n -> assertThat(n).isBetween(800, 1_200));
    }

    @Test
    void ringHashGivesAHeavierEndpointMoreKeys() {
        final List<EndpointState> all = List.of(
                new EndpointState(new UpstreamEndpoint("light", "10.0.0.1", 8443, 1, "")),
                new EndpointState(new UpstreamEndpoint("heavy", "10.0.0.2", 8443, 3, "")));
        for (Picker picker : List.of(new RingHash(1024, 1024 * 1024), new Maglev(Maglev.TABLE_SIZE))) {
            final Map<EndpointState, Integer> hits = owners(picker, all, 8_000);
            assertThat(hits.get(all.get(1))).as(picker.getClass().getSimpleName()).isBetween(5_400, 6_600);
        }
    }

    @Test
    void weightedRandomFollowsWeights() {
        final List<EndpointState> all = List.of(
                new EndpointState(new UpstreamEndpoint("a", "10.0.0.1", 8443, 1, "")),
                new EndpointState(new UpstreamEndpoint("b", "10.0.0.2", 8443, 4, "")));
        final Map<EndpointState, Integer> hits = new HashMap<>();
        final Picker random = new WeightedRandom();
        for (int i = 0; i < 10_000; i++) {
            hits.merge(random.pick(all, all, null), 1, Integer::sum);
        }
        assertThat(hits.get(all.get(1))).isBetween(7_600, 8_400);
    }

    @Test
    void leastRequestWithMoreChoicesFindsTheIdleEndpointMoreOften() {
        final List<EndpointState> all = endpoints(10);
        for (int i = 1; i < all.size(); i++) {
            all.get(i).inFlight.set(5); // only sum-0 is idle
        }
        final int withTwo = idlePicks(new LeastRequest(2), all);
        final int withTen = idlePicks(new LeastRequest(10), all);
        // P(the idle one among the draws): two distinct of ten 20 %; ten with replacement ~65 %
        assertThat(withTwo).isBetween(1_500, 2_500);
        assertThat(withTen).isBetween(5_900, 7_100);
    }

    private static int idlePicks(Picker picker, List<EndpointState> all) {
        int idle = 0;
        for (int i = 0; i < 10_000; i++) {
            if (picker.pick(all, all, null) == all.get(0)) {
                idle++;
            }
        }
        return idle;
    }

    @Test
    void aClusterSwapsItsPickerOnlyWhenTheSettingsChange() {
        try (UpstreamCluster cluster = UpstreamCluster.of("sum", ClusterPolicy.ofDefault())) {
            assertThat(cluster.balancer()).isEqualTo(Balancer.of(LoadBalancing.WEIGHTED_ROUND_ROBIN));
            cluster.balanceWith(Balancer.ringHash(0, 0));
            assertThat(cluster.balancer().kind()).isEqualTo(LoadBalancing.RING_HASH);
            cluster.balanceWith(null);
            assertThat(cluster.balancer().kind()).isEqualTo(LoadBalancing.WEIGHTED_ROUND_ROBIN);
        }
    }

    @Test
    void badSettingsAreRefusedByName() {
        assertThatThrownBy(() -> Balancer.ringHash(2048, 1024)).hasMessageContaining("maximumRingSize: 1024");
        assertThatThrownBy(() -> Balancer.leastRequest(1)).hasMessageContaining("choiceCount: 1 (expected: 2-100)");
    }
}
