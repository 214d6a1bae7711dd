package io.weft.controlplane.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.weft.controlplane.testing.ManualClock;
import io.weft.protocol.v1.ControlMessage;
import io.weft.protocol.v1.Endpoints;
import io.weft.protocol.v1.Keepalive;

class SendQueueTest {

    private record Sent(ResourceKey key, long version, Duration queued) {}

    private final ManualClock clock = new ManualClock();
    private final List<ControlMessage> written = new ArrayList<>();
    private final List<Sent> sent = new ArrayList<>();
    private boolean ready;
    private final SendQueue queue = new SendQueue(() -> ready, written::add, clock,
                                                  (key, version, queued) -> sent.add(new Sent(key, version, queued)));

    private static ControlMessage endpoints(String service, long version) {
        return ControlMessage.newBuilder()
                             .setEndpoints(Endpoints.newBuilder().setService(service).setVersion(version)).build();
    }

    private void offerEndpoints(String service, long version) {
        queue.offer(ResourceKey.endpoints(service), endpoints(service, version), version);
    }

    @Test
    void writesAtOnceWhileTheTransportIsReady() {
        ready = true;
        offerEndpoints("sum", 1);
        assertThat(written).containsExactly(endpoints("sum", 1));
        assertThat(sent).containsExactly(new Sent(ResourceKey.endpoints("sum"), 1, Duration.ZERO));
        assertThat(queue.size()).isZero();
    }

    @Test
    void holdsOneMessagePerResourceTheLatestWinningAndKeepsTheOrderOfResources() {
        offerEndpoints("sum", 1);
        offerEndpoints("hello", 1);
        offerEndpoints("sum", 2);
        offerEndpoints("sum", 3);
        assertThat(written).isEmpty();
        assertThat(queue.size()).isEqualTo(2);

        ready = true;
        queue.drain();
        assertThat(written).containsExactly(endpoints("sum", 3), endpoints("hello", 1));
        assertThat(queue.size()).isZero();
    }

    @Test
    void stopsWhenTheTransportIsFullAndResumesOnDrain() {
        ready = true;
        final List<ControlMessage> accepted = new ArrayList<>();
        final SendQueue oneAtATime = new SendQueue(() -> ready, m -> {
            accepted.add(m);
            ready = false;
        }, clock, (key, version, queued) -> {});
        oneAtATime.offer(ResourceKey.endpoints("a"), endpoints("a", 1), 1);
        oneAtATime.offer(ResourceKey.endpoints("b"), endpoints("b", 1), 1);
        oneAtATime.offer(ResourceKey.endpoints("c"), endpoints("c", 1), 1);
        assertThat(accepted).containsExactly(endpoints("a", 1));
        assertThat(oneAtATime.size()).isEqualTo(2);

        ready = true;
        oneAtATime.drain();
        ready = true;
        oneAtATime.drain();
        assertThat(accepted).containsExactly(endpoints("a", 1), endpoints("b", 1), endpoints("c", 1));
    }

    @Test
    void dropsAVersionAtOrBelowTheLastOneQueued() {
        ready = true;
        offerEndpoints("sum", 5);
        offerEndpoints("sum", 5);
        offerEndpoints("sum", 4);
        offerEndpoints("sum", 6);
        assertThat(written).containsExactly(endpoints("sum", 5), endpoints("sum", 6));
    }

    @Test
    void keepalivesAndCertificatesAreNeverDroppedAndKeepalivesAreNotResources() {
        ready = true;
        final ControlMessage keepalive = ControlMessage.newBuilder()
                                                       .setKeepalive(Keepalive.newBuilder().setSentAtUnixMillis(1))
                                                       .build();
        queue.offer(ResourceKey.KEEPALIVE, keepalive, 0);
        queue.offer(ResourceKey.KEEPALIVE, keepalive, 0);
        queue.offer(ResourceKey.CERTIFICATE, ControlMessage.getDefaultInstance(), 1);
        queue.offer(ResourceKey.CERTIFICATE, ControlMessage.getDefaultInstance(), 1);
        assertThat(written).hasSize(4);
        assertThat(sent).extracting(Sent::key).containsExactly(ResourceKey.CERTIFICATE, ResourceKey.CERTIFICATE);
    }

    @Test
    void reportsHowLongEachResourceWaited() {
        offerEndpoints("sum", 1);
        clock.advance(Duration.ofMillis(250));
        offerEndpoints("hello", 1);
        clock.advance(Duration.ofMillis(100));
        ready = true;
        queue.drain();
        assertThat(sent).containsExactly(new Sent(ResourceKey.endpoints("sum"), 1, Duration.ofMillis(350)),
                                         new Sent(ResourceKey.endpoints("hello"), 1, Duration.ofMillis(100)));
    }

    @Test
    void aReplacingValueIsTimedFromItsOwnOfferButKeepsItsResourcesPlace() {
        offerEndpoints("sum", 1);
        offerEndpoints("hello", 1);
        clock.advance(Duration.ofMillis(40));
        offerEndpoints("sum", 2);
        ready = true;
        queue.drain();
        // The latency is that of the value the sidecar gets; the resource still goes first.
        assertThat(sent).containsExactly(new Sent(ResourceKey.endpoints("sum"), 2, Duration.ZERO),
                                         new Sent(ResourceKey.endpoints("hello"), 1, Duration.ofMillis(40)));
    }

    @Test
    void closedQueueDropsWhatWaitsAndRefusesMore() {
        offerEndpoints("sum", 1);
        queue.close();
        ready = true;
        offerEndpoints("hello", 1);
        queue.drain();
        assertThat(written).isEmpty();
        assertThat(queue.size()).isZero();
    }

    @Test
    void aFailingTransportLeavesTheQueueConsistentAndTellsTheCaller() {
        ready = true;
        final SendQueue broken = new SendQueue(() -> ready, m -> {
            throw new IllegalStateException("stream closed");
        }, clock, (key, version, queued) -> {});
        assertThatThrownBy(() -> broken.offer(ResourceKey.endpoints("sum"), endpoints("sum", 1), 1))
                .hasMessage("stream closed");
        assertThat(broken.size()).isZero();
    }
}
