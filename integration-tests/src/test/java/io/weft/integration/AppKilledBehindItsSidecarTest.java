package io.weft.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.linecorp.armeria.client.ClientFactory;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.server.Server;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall.SimpleForwardingClientCall;
import io.grpc.ForwardingClientCallListener.SimpleForwardingClientCallListener;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.stub.StreamObserver;
import io.weft.controlplane.testing.ControlPlaneExtension;
import io.weft.demo.sum.v1.AddRequest;
import io.weft.demo.sum.v1.AddResponse;
import io.weft.demo.sum.v1.SumServiceGrpc;
import io.weft.integration.mesh.KillableSumApp;
import io.weft.sidecar.Sidecar;
import io.weft.sidecar.config.AppProtocol;
import io.weft.sidecar.config.Mode;
import io.weft.sidecar.config.OutboundRelay;
import io.weft.sidecar.testing.DemoAppsExtension;
import io.weft.sidecar.testing.MeshClients;
import io.weft.sidecar.testing.SidecarExtension;

/**
 * The chaos soak's {@code kill-app}, in process: three {@code sum} instances behind their sidecars, found
 * through the real control plane and the Consul stand-in (whose checks probe each sidecar's
 * {@code /healthz}), steady open-loop traffic at the soak's rates — unary gRPC {@code Add} 100/s through a
 * caller's outbound sidecar, JSON {@code Add} 40/s through the gateway, each with the soak's 10 s deadline —
 * while the third instance's app (not its sidecar) is killed with SIGKILL, stays down while its sidecar
 * answers for it, and is started again on the same port, on each outbound relay. Not one gRPC call may fail,
 * nor one JSON call the dead app never saw: its sidecar answers those {@code x-weft-failure: unreachable}, and
 * the caller's sidecar or the gateway sends them to another instance, a {@code POST} too, without spending
 * retry budget. The only failures allowed are JSON {@code POST}s the app already held when the kernel closed
 * its connections (answered {@code reset}: the app may have run them, so nothing sends them again).
 */
class AppKilledBehindItsSidecarTest {

    private static final long DEADLINE_MILLIS = 10_000;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Metadata.Key<String> INSTANCE =
            Metadata.Key.of("x-weft-instance", Metadata.ASCII_STRING_MARSHALLER);

    @RegisterExtension
    final DemoAppsExtension apps = new DemoAppsExtension();
    @RegisterExtension
    final SidecarExtension mesh = SidecarExtension.withControlPlane(
            new ControlPlaneExtension(), cp -> cp.baseConfig().leafTtl(Duration.ofHours(1)).build());

    @ParameterizedTest
    @EnumSource(OutboundRelay.class)
    void noCallFailsWhenAnAppIsKilledBehindItsSidecarAndStartedAgain(OutboundRelay relay) throws Exception {
        try (ClientFactory factory = ClientFactory.builder().build();
             KillableSumApp sum3 = KillableSumApp.start("sum-3")) {
            final List<Integer> appPorts = new ArrayList<>();
            for (String id : List.of("sum-1", "sum-2")) {
                final Server app = apps.startSum(id);
                appPorts.add(app.activeLocalPort());
            }
            appPorts.add(sum3.port());
            for (int i = 0; i < 3; i++) {
                mesh.startSidecar(mesh.baseConfig("sum", "sum-" + (i + 1)).inbound("127.0.0.1", 0)
                                      .advertiseAddress("127.0.0.1").appPort(appPorts.get(i))
                                      .appProtocol(AppProtocol.GRPC).build());
            }
            final Sidecar caller = mesh.startSidecar(mesh.baseConfig("caller", "caller-1")
                                                         .inbound("127.0.0.1", 0).advertiseAddress("127.0.0.1")
                                                         .appPort(appPorts.get(0)).appProtocol(AppProtocol.GRPC)
                                                         .consulRegister(false).upstreams(List.of("sum"))
                                                         .outboundRelay(relay).build());
            final Sidecar gateway = mesh.startSidecar(mesh.baseConfig("gateway", "gateway-1").mode(Mode.GATEWAY)
                                                          .edge("127.0.0.1", 0).consulRegister(false)
                                                          .advertiseAddress("127.0.0.1").build());
            final Traffic traffic = new Traffic(
                    MeshClients.sumAsync(factory, caller.outboundPort(), "sum"),
                    WebClient.builder("http://127.0.0.1:" + gateway.edgePort()).factory(factory)
                             .responseTimeout(Duration.ofMillis(DEADLINE_MILLIS)).build());
            // Formed: every instance answered both ways (the soak, too, starts once each route answers).
            await("every sum instance answering through the caller and the gateway")
                    .atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                    .ignoreExceptions() // until then a call may fail ("no healthy endpoints" before the checks pass)
                    .untilAsserted(() -> traffic.warm(Set.of("sum-1", "sum-2", "sum-3")));

            final long[] killed = { Long.MAX_VALUE };
            traffic.start();
            try {
                traffic.awaitMore(300);
                sum3.kill();
                killed[0] = System.nanoTime(); // the process is gone: a call sent before may have reached it
                // Down for as long as the sidecar's check needs to turn critical and every caller to hear of
                // it, and longer: the soak's app took 2 s plus a JVM start to listen again.
                traffic.awaitMore(500);
                await().atMost(Duration.ofSeconds(30)).until(() -> System.nanoTime() - killed[0] >
                                                                  TimeUnit.SECONDS.toNanos(5));
                sum3.restart();
                await("sum-3 serving again").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                                            .until(() -> traffic.servedBy("sum-3") > 0);
                traffic.awaitMore(300);
            } finally {
                traffic.stop();
            }
            // A JSON POST the dead app's sidecar had already passed on when the kernel closed the app's
            // connection may have been executed: answered `reset`, it is not sent again (HTTP: not
            // idempotent; a route's RetryOn "reset" asks for it). Those are the only failures allowed.
            assertThat(traffic.failures).as("failed calls (of %d sent) other than a JSON POST the app held " +
                                            "when it was killed", traffic.sent.get())
                                        .allMatch(f -> f.json() && "reset".equals(f.weftFailure()) &&
                                                       f.startedNanos() < killed[0]);
            assertThat(traffic.failures).as("JSON POSTs the app held when it was killed").hasSizeLessThan(20);
        }
    }

    /** A call that failed: which way, when it was sent, the sidecar's {@code x-weft-failure} if any. */
    private record Failed(boolean json, long startedNanos, String weftFailure, String description) {
        @Override
        public String toString() {
            return description;
        }
    }

    /** A failed or wrong answer, with the {@code x-weft-failure} it carried ("" for none). */
    private static final class CallFailed extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final String weftFailure;

        CallFailed(String message, String weftFailure) {
            super(message, null, false, false);
            this.weftFailure = weftFailure;
        }
    }

    /** The soak's open-loop traffic: unary gRPC every 10 ms, JSON every 25 ms, each checked. */
    private static final class Traffic {
        private final SumServiceGrpc.SumServiceStub grpc;
        private final WebClient gateway;
        private final ScheduledExecutorService pacer = Executors.newSingleThreadScheduledExecutor(
                r -> new Thread(r, "kill-app-traffic"));
        private final Set<CompletableFuture<?>> inFlight = ConcurrentHashMap.newKeySet();
        final List<Failed> failures = new CopyOnWriteArrayList<>();
        final AtomicLong sent = new AtomicLong();
        final AtomicLong ok = new AtomicLong();
        /** Since the last restart of sum-3's app: calls it answered. */
        private final ConcurrentHashMap<String, AtomicLong> servedBy = new ConcurrentHashMap<>();

        Traffic(SumServiceGrpc.SumServiceStub grpc, WebClient gateway) {
            this.grpc = grpc;
            this.gateway = gateway;
        }

        /**
         * One call each way, blocking (not counted: the mesh is still forming); passes once every instance in
         * {@code expected} has answered.
         */
        void warm(Set<String> expected) {
            unary().join();
            json().join();
            assertThat(servedBy.keySet()).containsAll(expected);
        }

        void start() {
            servedBy.clear();
            final long[] ticks = new long[1];
            pacer.scheduleAtFixedRate(() -> {
                track(false, unary());
                if (++ticks[0] % 5 == 0 || ticks[0] % 5 == 2) { // 2 of 5 ticks: 40/s
                    track(true, json());
                }
            }, 0, 10, TimeUnit.MILLISECONDS);
        }

        private void track(boolean json, CompletableFuture<String> call) {
            final long started = System.nanoTime();
            sent.incrementAndGet();
            inFlight.add(call);
            call.whenComplete((instance, e) -> {
                inFlight.remove(call);
                if (e != null) {
                    final Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
                    failures.add(new Failed(json, started, cause instanceof CallFailed f ? f.weftFailure : "",
                                            "at " + LocalTime.now().truncatedTo(ChronoUnit.MILLIS) + ": " +
                                            cause.getMessage()));
                } else {
                    ok.incrementAndGet();
                }
            });
        }

        /** Waits until {@code n} more calls have succeeded. */
        void awaitMore(long n) {
            final long target = ok.get() + n;
            await().atMost(Duration.ofSeconds(60)).until(() -> ok.get() >= target);
        }

        long servedBy(String instance) {
            final AtomicLong n = servedBy.get(instance);
            return n == null ? 0 : n.get();
        }

        private CompletableFuture<String> unary() {
            final long a = ThreadLocalRandom.current().nextLong(1_000_000);
            final long b = ThreadLocalRandom.current().nextLong(1_000_000);
            final CompletableFuture<String> done = new CompletableFuture<>();
            final AtomicReference<String> instance = new AtomicReference<>("");
            grpc.withDeadlineAfter(DEADLINE_MILLIS, TimeUnit.MILLISECONDS).withInterceptors(instanceOf(instance))
                .add(AddRequest.newBuilder().setA(a).setB(b).build(), new StreamObserver<AddResponse>() {
                    private long sum = Long.MIN_VALUE;

                    @Override
                    public void onNext(AddResponse response) {
                        sum = response.getSum();
                    }

                    @Override
                    public void onError(Throwable t) {
                        done.completeExceptionally(new CallFailed("gRPC Add -> " + t, ""));
                    }

                    @Override
                    public void onCompleted() {
                        if (sum == a + b) {
                            count(instance.get());
                            done.complete(instance.get());
                        } else {
                            done.completeExceptionally(new CallFailed("gRPC Add -> sum " + sum, ""));
                        }
                    }
                });
            return done;
        }

        /** Reads the answering instance's {@code x-weft-instance} response header into {@code into}. */
        private static ClientInterceptor instanceOf(AtomicReference<String> into) {
            return new ClientInterceptor() {
                @Override
                public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options,
                                                             Channel next) {
                    return new SimpleForwardingClientCall<>(next.newCall(method, options)) {
                        @Override
                        public void start(Listener<R> listener, Metadata headers) {
                            super.start(new SimpleForwardingClientCallListener<>(listener) {
                                @Override
                                public void onHeaders(Metadata answer) {
                                    final String id = answer.get(INSTANCE);
                                    if (id != null) {
                                        into.set(id);
                                    }
                                    super.onHeaders(answer);
                                }
                            }, headers);
                        }
                    };
                }
            };
        }

        private CompletableFuture<String> json() {
            final long a = ThreadLocalRandom.current().nextLong(1_000_000);
            final long b = ThreadLocalRandom.current().nextLong(1_000_000);
            return gateway.prepare().post("/sum/v1/sum").content(MediaType.JSON, "{\"a\":" + a + ",\"b\":" + b + '}')
                          .execute().aggregate().thenApply((AggregatedHttpResponse r) -> {
                              final String instance = r.headers().get("x-weft-instance", "");
                              if (r.status().code() != 200 || sumOf(r.contentUtf8()) != a + b) {
                                  final String failure = r.headers().get("x-weft-failure", "");
                                  throw new CallFailed("JSON POST /sum/v1/sum -> " + r.status() + ' ' + failure +
                                                       ' ' + r.contentUtf8().strip(), failure);
                              }
                              count(instance);
                              return instance;
                          });
        }

        /** The {@code sum} of a JSON answer (an int64, which JSON transcoding writes as a string). */
        private static long sumOf(String json) {
            try {
                return JSON.readTree(json).path("sum").asLong(Long.MIN_VALUE);
            } catch (Exception e) {
                return Long.MIN_VALUE;
            }
        }

        private void count(String instance) {
            servedBy.computeIfAbsent(instance, k -> new AtomicLong()).incrementAndGet();
        }

        /** Stops sending and waits for every call in flight (each has its deadline). */
        void stop() throws Exception {
            pacer.shutdown();
            pacer.awaitTermination(5, TimeUnit.SECONDS);
            CompletableFuture.allOf(new ArrayList<>(inFlight).toArray(CompletableFuture[]::new))
                             .handle((v, e) -> null).get(DEADLINE_MILLIS + 5_000, TimeUnit.MILLISECONDS);
        }
    }
}
