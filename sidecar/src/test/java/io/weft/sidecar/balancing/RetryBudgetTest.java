package io.weft.sidecar.balancing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class RetryBudgetTest {

    private final MutableClock clock = new MutableClock();

    @Test
    void ratioOfRequestsPlusMinimumPerSecond() {
        final RetryBudget budget = budget(0.2, 1, 10); // 10 always, plus 20 % of requests
        for (int i = 0; i < 100; i++) {
            budget.onRequest();
        }
        assertThat(acquireAll(budget)).isEqualTo(30);
        assertThat(budget.exhaustedTotal()).isEqualTo(1);
    }

    @Test
    void windowSlides() {
        final RetryBudget budget = budget(0.5, 0, 3);
        for (int i = 0; i < 10; i++) {
            budget.onRequest();
        }
        assertThat(acquireAll(budget)).isEqualTo(5);
        clock.advance(Duration.ofSeconds(1));
        assertThat(budget.tryAcquire()).isFalse(); // the same requests and retries still count
        clock.advance(Duration.ofSeconds(2));
        assertThat(budget.tryAcquire()).isFalse(); // all aged out: no requests, no minimum
        budget.onRequest();
        budget.onRequest();
        assertThat(acquireAll(budget)).isEqualTo(1);
    }

    private RetryBudget budget(double ratio, int minPerSecond, int windowSeconds) {
        return new RetryBudget(ClusterPolicy.builder()
                                            .retryBudget(ratio, minPerSecond, Duration.ofSeconds(windowSeconds))
                                            .build(), clock);
    }

    private static int acquireAll(RetryBudget budget) {
        int n = 0;
        while (budget.tryAcquire()) {
            n++;
        }
        return n;
    }
}
