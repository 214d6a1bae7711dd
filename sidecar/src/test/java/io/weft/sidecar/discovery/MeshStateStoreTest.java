package io.weft.sidecar.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class MeshStateStoreTest {
    private static final MeshState NEXT = new MeshState(null, "weft.local", 7, Map.of(), null);

    @Test
    void aListenerIsCalledWithTheCurrentStateAndThenEveryUpdate() {
        final MeshStateStore store = new MeshStateStore();
        final List<MeshState> seen = new CopyOnWriteArrayList<>();
        store.addListener(seen::add);
        store.update(s -> NEXT);
        assertThat(seen).containsExactly(MeshState.EMPTY, NEXT);
    }

    /**
     * The discovery stream may apply an update while a listener is being added (the stream starts before
     * the sidecar's listeners): the new listener waits for the update and ends with its state, never with
     * the state before it.
     */
    @Test
    void aListenerAddedDuringAnUpdateEndsWithTheUpdatedState() throws Exception {
        final MeshStateStore store = new MeshStateStore();
        final CountDownLatch inUpdate = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        store.addListener(state -> {
            if (state == NEXT) {
                inUpdate.countDown();
                waitFor(release);
            }
        });
        final Thread updater = new Thread(() -> store.update(s -> NEXT), "updater");
        updater.start();
        assertThat(inUpdate.await(10, TimeUnit.SECONDS)).isTrue();

        final List<MeshState> seen = new CopyOnWriteArrayList<>();
        final Thread adder = new Thread(() -> store.addListener(seen::add), "adder");
        adder.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> adder.getState() == Thread.State.BLOCKED);
        assertThat(seen).isEmpty(); // not handed the state before the update while it is being applied

        release.countDown();
        updater.join(10_000);
        adder.join(10_000);
        assertThat(seen).containsExactly(NEXT);
    }

    private static void waitFor(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
