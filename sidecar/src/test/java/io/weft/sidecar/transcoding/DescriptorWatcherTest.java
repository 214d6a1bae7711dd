package io.weft.sidecar.transcoding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.linecorp.armeria.client.retry.Backoff;

import io.grpc.Status;

/** Keeping the last good descriptors, swapping on change only, refreshing on request. */
class DescriptorWatcherTest {

    /** Each fetch is answered by the test: {@link #next()} hands out the pending one. */
    private static final class ScriptedSource implements AppDescriptors.Source {
        final LinkedBlockingQueue<CompletableFuture<AppDescriptors>> pending = new LinkedBlockingQueue<>();

        @Override
        public CompletableFuture<AppDescriptors> fetch() {
            final CompletableFuture<AppDescriptors> future = new CompletableFuture<>();
            pending.add(future);
            return future;
        }

        @Override
        public String describe() {
            return "scripted";
        }

        CompletableFuture<AppDescriptors> next() throws InterruptedException {
            final CompletableFuture<AppDescriptors> future = pending.poll(10, TimeUnit.SECONDS);
            assertThat(future).as("a fetch was expected").isNotNull();
            return future;
        }
    }

    private static final AppDescriptors LIBRARY = new AppDescriptors(
            List.of("test.v1.Library"), Map.of(LibraryDescriptors.FILE, LibraryDescriptors.file()));
    private static final AppDescriptors NOTHING = new AppDescriptors(List.of(), Map.of());

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final ScriptedSource source = new ScriptedSource();
    private final Clock clock = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
    }

    private DescriptorWatcher watcher(Duration refreshInterval) {
        return new DescriptorWatcher(source, scheduler, Backoff.fixed(1), refreshInterval, Duration.ZERO, clock);
    }

    @Test
    void retriesUntilTheFirstSuccessThenKeepsTheLastGoodTableOnFailure() throws Exception {
        try (DescriptorWatcher watcher = watcher(Duration.ofMillis(1))) {
            watcher.start();
            source.next().completeExceptionally(new GrpcCallException(Status.Code.UNAVAILABLE, "connection refused"));
            await().until(() -> watcher.lastError() != null);
            assertThat(watcher.table()).isNull();
            assertThat(watcher.lastError()).isEqualTo("UNAVAILABLE: connection refused");

            source.next().complete(LIBRARY);
            await().until(() -> watcher.table() != null);
            assertThat(watcher.table().version()).isEqualTo(1);
            assertThat(watcher.table().loadedAt()).isEqualTo(clock.instant());

            source.next().completeExceptionally(new GrpcCallException(Status.Code.UNAVAILABLE, "restarting"));
            await().until(() -> "UNAVAILABLE: restarting".equals(watcher.lastError()));
            assertThat(watcher.table().version()).as("kept while the app is away").isEqualTo(1);
        }
    }

    @Test
    void swapsOnlyWhenTheDescriptorsChange() throws Exception {
        try (DescriptorWatcher watcher = watcher(Duration.ofMillis(1))) {
            watcher.start();
            source.next().complete(LIBRARY);
            await().until(() -> watcher.table() != null);
            final TranscodingTable first = watcher.table();

            source.next().complete(LIBRARY);
            final CompletableFuture<AppDescriptors> third = source.next(); // asked once the second was handled
            assertThat(watcher.table()).as("same descriptors: same table").isSameAs(first);
            third.complete(NOTHING);
            await().until(() -> watcher.table() != first);
            assertThat(watcher.table().version()).isEqualTo(2);
            assertThat(watcher.table().methodPaths()).isEmpty();
        }
    }

    @Test
    void refreshOnRequestWithoutPeriodicRefresh() throws Exception {
        final DescriptorWatcher watcher = watcher(Duration.ZERO);
        try {
            watcher.requestRefresh("before start: ignored");
            watcher.start();
            source.next().complete(LIBRARY);
            await().until(() -> watcher.table() != null);
            assertThat(source.pending).isEmpty();

            watcher.requestRefresh("UNIMPLEMENTED for a known method");
            source.next().complete(NOTHING);
            await().until(() -> watcher.table().version() == 2);

            watcher.close();
            watcher.requestRefresh("after close: ignored");
            assertThat(source.pending.poll(100, TimeUnit.MILLISECONDS)).isNull();
        } finally {
            watcher.close();
        }
    }
}
