package io.weft.controlplane.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WatchLoopTest {

    private static final WatchSettings FAST = WatchSettings.of(Duration.ofSeconds(1), Duration.ZERO,
                                                               Duration.ofMillis(1), Duration.ofMillis(5));

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void tearDown() {
        scheduler.shutdownNow();
    }

    /** Answers with scripted indexes (or failures) and records the index each query sent. */
    private static final class ScriptedQuery implements BlockingQuery<String> {
        final Deque<Object> script = new ArrayDeque<>();
        final List<Long> sent = new CopyOnWriteArrayList<>();

        ScriptedQuery(Object... answers) {
            script.addAll(List.of(answers));
        }

        @Override
        public synchronized CompletableFuture<QueryResult<String>> fetch(long index, Duration wait) {
            final Object next = script.poll();
            if (next == null) {
                return new CompletableFuture<>(); // park, like a blocking query with nothing new
            }
            sent.add(index);
            if (next instanceof RuntimeException e) {
                return CompletableFuture.failedFuture(e);
            }
            return CompletableFuture.completedFuture(new QueryResult<>("v" + next, (Long) next));
        }
    }

    private final List<String> values = new CopyOnWriteArrayList<>();
    private final List<Throwable> errors = new CopyOnWriteArrayList<>();

    private WatchLoop<String> loop(BlockingQuery<String> query) {
        return new WatchLoop<>("test", query, FAST, scheduler, Clock.systemUTC(),
                               new WatchLoop.Listener<>() {
                                   @Override
                                   public void onValue(String value) {
                                       values.add(value);
                                   }

                                   @Override
                                   public void onError(Throwable cause) {
                                       errors.add(cause);
                                   }
                               });
    }

    @Test
    void sendsNoIndexFirstThenTheReturnedOneAndStartsOverWhenItGoesBackwards() {
        final ScriptedQuery query = new ScriptedQuery(10L, 12L, 5L, 6L);
        try (WatchLoop<String> loop = loop(query)) {
            loop.start();
            await().until(() -> query.sent.size() == 4);
            assertThat(query.sent).containsExactly(0L, 10L, 12L, 0L);
            await().until(() -> loop.index() == 6L);
            assertThat(values).containsExactly("v10", "v12", "v5", "v6");
        }
    }

    @Test
    void neverSendsAnIndexBelowOne() {
        final ScriptedQuery query = new ScriptedQuery(0L, 0L);
        try (WatchLoop<String> loop = loop(query)) {
            loop.start();
            await().until(() -> query.sent.size() == 2);
            assertThat(query.sent).containsExactly(0L, 1L);
        }
    }

    @Test
    void retriesAfterErrorsKeepingTheIndex() {
        final ScriptedQuery query = new ScriptedQuery(10L, new IllegalStateException("down"),
                                                      new IllegalStateException("down"), 11L);
        try (WatchLoop<String> loop = loop(query)) {
            loop.start();
            await().until(() -> values.size() == 2);
            assertThat(errors).hasSize(2).allMatch(e -> "down".equals(e.getMessage()));
            assertThat(query.sent).containsExactly(0L, 10L, 10L, 10L);
        }
    }

    @Test
    void rateLimitsQueriesInsteadOfSleeping() {
        final ScriptedQuery query = new ScriptedQuery(1L, 2L, 3L);
        // The system clock, remembering the last time it told: when a query is fetched, that is the start the
        // loop itself saw (reading the clock again here could land a millisecond later and flake).
        final AtomicLong lastRead = new AtomicLong();
        final Clock clock = new Clock() {
            @Override
            public long millis() {
                final long now = System.currentTimeMillis();
                lastRead.set(now);
                return now;
            }

            @Override
            public Instant instant() {
                return Instant.ofEpochMilli(millis());
            }

            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                return this;
            }
        };
        final WatchSettings limited = WatchSettings.of(Duration.ofSeconds(1), Duration.ofMillis(200),
                                                       Duration.ofMillis(1), Duration.ofMillis(5));
        final List<Long> startedAt = new CopyOnWriteArrayList<>();
        final BlockingQuery<String> timed = (index, wait) -> {
            startedAt.add(lastRead.get());
            return query.fetch(index, wait);
        };
        try (WatchLoop<String> loop = new WatchLoop<>("limited", timed, limited, scheduler, clock,
                                                      new WatchLoop.Listener<>() {
                                                          @Override
                                                          public void onValue(String value) {
                                                              values.add(value);
                                                          }

                                                          @Override
                                                          public void onError(Throwable cause) {}
                                                      })) {
            loop.start();
            await().until(() -> values.size() == 3);
            // Instant answers, yet the queries started at least minInterval apart.
            assertThat(startedAt.get(1) - startedAt.get(0)).isGreaterThanOrEqualTo(200);
            assertThat(startedAt.get(2) - startedAt.get(1)).isGreaterThanOrEqualTo(200);
        }
    }
}
