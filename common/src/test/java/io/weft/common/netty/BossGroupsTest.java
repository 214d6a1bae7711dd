package io.weft.common.netty;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.server.Server;

class BossGroupsTest {

    /**
     * The group serves a real listener and lets it stop. How much faster the stop is (no 2 s quiet period) is
     * a speed, seen in the build's time, not asserted here: a timing bound would fail on a loaded machine.
     */
    @Test
    void aServerWithThePromptBossGroupServesAndStops() throws Exception {
        final Server server = BossGroups.applyTo(Server.builder().http(0))
                                        .service("/", (ctx, req) -> HttpResponse.of("up"))
                                        .gracefulShutdownTimeoutMillis(0, 0)
                                        .build();
        server.start().join();
        assertThat(WebClient.of("http://127.0.0.1:" + server.activeLocalPort()).get("/").aggregate().join()
                            .contentUtf8()).isEqualTo("up");
        server.stop().get(10, TimeUnit.SECONDS);
        assertThat(server.activePorts()).isEmpty();
    }

    @Test
    void itsOneAcceptThreadCarriesArmeriasThreadNameAndTerminates() throws Exception {
        final var group = BossGroups.stoppingPromptly("boss-test");
        assertThat(group.next().submit(() -> Thread.currentThread().getName()).get(10, TimeUnit.SECONDS))
                .isEqualTo("boss-test");
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        assertThat(group.terminationFuture().await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(group.isTerminated()).isTrue();
    }
}
