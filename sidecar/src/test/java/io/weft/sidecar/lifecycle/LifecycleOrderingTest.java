package io.weft.sidecar.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.server.Server;

import io.weft.common.netty.BossGroups;
import io.weft.sidecar.config.AppProtocol;
import io.weft.sidecar.testing.DemoAppsExtension;
import io.weft.sidecar.testing.SidecarExtension;

/**
 * {@code sidecar -- <app>} as processes: a sidecar JVM managing a {@link ProbeApp} JVM, bootstrapping from
 * the in-test control plane, where the app calls service {@code slow} (an in-test app behind an in-process
 * sidecar) through the managed sidecar's outbound listener.
 */
class LifecycleOrderingTest {

    @RegisterExtension
    final DemoAppsExtension apps = new DemoAppsExtension();
    @RegisterExtension
    final SidecarExtension mesh = SidecarExtension.withFakeControlPlane(Duration.ofHours(1));
    @TempDir
    Path dir;

    private final CountDownLatch holdArrived = new CountDownLatch(1);
    private final CompletableFuture<Void> release = new CompletableFuture<>();
    private Path record;

    @BeforeEach
    void startSlowService() {
        final Server slow = apps.startApp(BossGroups.applyTo(Server.builder()).http(0)
                .service("/now", (ctx, req) -> HttpResponse.of("now"))
                .service("/hold", (ctx, req) -> {
                    holdArrived.countDown();
                    return HttpResponse.of(release.thenApply(unused -> HttpResponse.of("held")));
                })
                .build());
        mesh.startSidecar("slow", "slow-1", slow.activeLocalPort(), AppProtocol.HTTP, List.of());
        record = dir.resolve("record.txt");
    }

    private SidecarProcess start(String controlPlane, String... probeArgs) {
        return SidecarProcess.start(dir, controlPlane, mesh.fakeControlPlane().rootCaFile(),
                                    List.of(probeArgs));
    }

    @Test
    void theAppStartsOnlyOnceTheSidecarIsReadyAndAJobsExitCodeIsTheSidecars() throws Exception {
        final String[] cp = mesh.fakeControlPlane().address().split(":");
        try (Gate gate = new Gate(new InetSocketAddress(cp[0], Integer.parseInt(cp[1])));
             SidecarProcess sidecar = start(gate.address(), "probe", record.toString(), "0")) {
            // The sidecar runs and keeps trying its control plane: not ready, so no app yet.
            await().atMost(Duration.ofSeconds(60)).until(() -> gate.refused() >= 5);
            assertThat(record).doesNotExist();
            gate.open();

            assertThat(sidecar.exitCode()).as(sidecar.output()).isZero();
            assertThat(Files.readAllLines(record)).contains("readyz 200", "outbound 200 now", "token-visible false");
        }
    }

    @Test
    void aJobsNonZeroExitCodeIsTheSidecars() throws Exception {
        try (SidecarProcess sidecar = start(mesh.fakeControlPlane().address(), "probe", record.toString(), "3")) {
            assertThat(sidecar.exitCode()).as(sidecar.output()).isEqualTo(3);
            assertThat(Files.readAllLines(record)).contains("outbound 200 now");
            // The app's standard output and error are the sidecar's.
            assertThat(sidecar.output()).contains("probe: to stdout", "probe: to stderr");
        }
    }

    @Test
    void onSigtermTheOutboundListenerServesTheAppUntilItHasExited() throws Exception {
        try (SidecarProcess sidecar = start(mesh.fakeControlPlane().address(), "serve", record.toString())) {
            assertThat(holdArrived.await(60, TimeUnit.SECONDS)).as(sidecar.output()).isTrue();
            final Ports ports = Ports.of(record);

            sidecar.process.destroy(); // SIGTERM
            await().atMost(Duration.ofSeconds(30)).until(() -> Files.readAllLines(record).contains("sigterm"));
            final AggregatedHttpResponse readyz = admin(ports).get("/readyz").aggregate().join();
            assertThat(readyz.status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
            assertThat(readyz.contentUtf8()).contains("draining");
            // The app is stopping, and its sidecar still carries its calls, the held one and new ones.
            assertThat(outbound(ports).get("/now").aggregate().join().contentUtf8()).isEqualTo("now");
            release.complete(null);

            assertThat(sidecar.exitCode()).as(sidecar.output()).isEqualTo(128 + 15);
            assertThat(Files.readAllLines(record)).contains("answer 200 held");
        }
    }

    @Test
    void quitquitquitFromLoopbackStopsTheAppThenTheSidecarAndOnlyPostDoes() throws Exception {
        try (SidecarProcess sidecar = start(mesh.fakeControlPlane().address(), "serve", record.toString())) {
            assertThat(holdArrived.await(60, TimeUnit.SECONDS)).as(sidecar.output()).isTrue();
            final Ports ports = Ports.of(record);
            release.complete(null);

            final AggregatedHttpResponse get = admin(ports).get("/quitquitquit").aggregate().join();
            assertThat(get.status()).isEqualTo(HttpStatus.METHOD_NOT_ALLOWED);
            assertThat(get.headers().get(HttpHeaderNames.ALLOW)).isEqualTo("POST");
            assertThat(admin(ports).get("/readyz").aggregate().join().status()).isEqualTo(HttpStatus.OK);

            assertThat(admin(ports).post("/quitquitquit", "").aggregate().join().status()).isEqualTo(HttpStatus.OK);
            // The app got SIGTERM (a JVM then exits 143) and the sidecar exits with the app's code.
            assertThat(sidecar.exitCode()).as(sidecar.output()).isEqualTo(128 + 15);
            assertThat(Files.readAllLines(record)).contains("sigterm", "answer 200 held");
        }
    }

    private static WebClient admin(Ports ports) {
        return WebClient.of("http://127.0.0.1:" + ports.admin);
    }

    private static WebClient outbound(Ports ports) {
        return WebClient.builder("http://127.0.0.1:" + ports.outbound).addHeader(HttpHeaderNames.AUTHORITY, "slow")
                        .build();
    }

    /** The sidecar's ports, as its app was told them. */
    private record Ports(int outbound, int admin) {
        static Ports of(Path record) throws Exception {
            final String[] line = Files.readAllLines(record).get(0).split(" ");
            assertThat(line[0]).isEqualTo("ports");
            return new Ports(Integer.parseInt(line[1]), Integer.parseInt(line[2]));
        }
    }
}
