package io.weft.bench.soak;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.client.grpc.GrpcClients;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.MediaType;

import io.grpc.stub.StreamObserver;
import io.weft.demo.sum.v1.AddRequest;
import io.weft.demo.sum.v1.AddResponse;
import io.weft.demo.sum.v1.Number;
import io.weft.demo.sum.v1.RangeRequest;
import io.weft.demo.sum.v1.SumServiceGrpc;
import io.weft.demo.sum.v1.SumServiceGrpc.SumServiceStub;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The soak's traffic, open loop at fixed rates for {@code --duration-s}: unary {@code Add} and
 * {@code Range} server streams as gRPC through an outbound sidecar ({@code --grpc}, {@code :authority}
 * {@code --authority}), JSON {@code Add} through the gateway ({@code --gateway}), and
 * {@code --bidi-streams} long-lived {@code RunningSum} streams, every rate ramped up over the first
 * {@code --ramp-s} seconds (the soak's warm-up). Every answer is checked (the sum, every
 * value of a range, every running total); results go to {@code --out} (see {@link SoakLog}). One pacing
 * thread starts calls every 10 ms; answers arrive on Armeria's event loops and nothing waits on them.
 */
@Command(name = "soak-load", sortOptions = false,
         header = "steady mixed traffic for the chaos soak; every failure classified by kind and cause")
public final class SoakLoad implements Callable<Integer> {

    private static final long TICK_MILLIS = 10;

    @Option(names = "--grpc", paramLabel = "URL", required = true,
            description = "the outbound sidecar the gRPC calls go through, http://host:port")
    private String grpcUrl = "";

    @Option(names = "--authority", paramLabel = "A", defaultValue = "sum", description = ":authority of gRPC calls")
    private String authority = "";

    @Option(names = "--gateway", paramLabel = "URL", required = true, description = "the gateway's edge, http://host:port")
    private String gatewayUrl = "";

    @Option(names = "--json-path", paramLabel = "PATH", defaultValue = "/sum/v1/sum",
            description = "the JSON Add's path at the gateway")
    private String jsonPath = "";

    @Option(names = "--unary-rate", paramLabel = "N", defaultValue = "100", description = "unary gRPC calls per second")
    private double unaryRate;

    @Option(names = "--json-rate", paramLabel = "N", defaultValue = "40", description = "JSON calls per second")
    private double jsonRate;

    @Option(names = "--range-rate", paramLabel = "N", defaultValue = "4", description = "Range streams per second")
    private double rangeRate;

    @Option(names = "--range-size", paramLabel = "N", defaultValue = "200", description = "values per Range stream")
    private int rangeSize;

    @Option(names = "--bidi-streams", paramLabel = "N", defaultValue = "4",
            description = "long-lived RunningSum streams")
    private int bidiStreams;

    @Option(names = "--bidi-interval-ms", paramLabel = "MS", defaultValue = "200",
            description = "one number per stream every MS")
    private long bidiIntervalMillis;

    @Option(names = "--timeout-ms", paramLabel = "MS", defaultValue = "10000",
            description = "deadline of a unary call, a JSON call and a Range stream")
    private long timeoutMillis;

    @Option(names = "--stall-ms", paramLabel = "MS", defaultValue = "10000",
            description = "a bidirectional stream with no answer for MS while numbers are outstanding is broken")
    private long stallMillis;

    @Option(names = "--reconnect-ms", paramLabel = "MS", defaultValue = "200",
            description = "pause before a broken stream is opened again")
    private long reconnectMillis;

    @Option(names = "--duration-s", paramLabel = "S", defaultValue = "600",
            description = "how long to send, the ramp included")
    private long durationSeconds;

    @Option(names = "--ramp-s", paramLabel = "S", defaultValue = "0",
            description = "the first S seconds (the soak's warm-up) ramp every rate from 10 %% to 100 %%")
    private long rampSeconds;

    @Option(names = "--out", paramLabel = "DIR", required = true, description = "where the result files go")
    private Path out = Path.of(".");

    private final ObjectMapper json = new ObjectMapper();

    @Override
    public Integer call() throws Exception {
        check(unaryRate >= 0 && jsonRate >= 0 && rangeRate >= 0, "rates: negative (expected: >= 0)");
        check(rangeSize >= 1 && rangeSize <= 10_000, "--range-size: " + rangeSize + " (expected: 1..10000)");
        check(bidiIntervalMillis >= TICK_MILLIS, "--bidi-interval-ms: " + bidiIntervalMillis + " (expected: >= 10)");
        check(durationSeconds > 0, "--duration-s: " + durationSeconds + " (expected: > 0)");
        check(rampSeconds >= 0 && rampSeconds < durationSeconds,
              "--ramp-s: " + rampSeconds + " (expected: 0 <= ramp < --duration-s " + durationSeconds + ')');
        final String h2c = grpcUrl.replaceFirst("^http://", "h2c://");
        final SumServiceStub unaryStub = GrpcClients.builder(h2c)
                .setHeader(HttpHeaderNames.AUTHORITY, authority)
                .responseTimeout(Duration.ofMillis(timeoutMillis + 1000))
                .intercept(new InstanceCapture())
                .build(SumServiceStub.class);
        final SumServiceStub streamStub = GrpcClients.builder(h2c)
                .setHeader(HttpHeaderNames.AUTHORITY, authority)
                .responseTimeout(Duration.ZERO)   // the streams live as long as the soak
                .maxResponseLength(0)
                .intercept(new InstanceCapture())
                .build(SumServiceStub.class);
        final WebClient gateway = WebClient.builder(gatewayUrl.replaceFirst("^http://", "h2c://"))
                                           .responseTimeout(Duration.ofMillis(timeoutMillis)).build();
        final ScheduledExecutorService pacer = Executors.newSingleThreadScheduledExecutor(r -> {
            final Thread t = new Thread(r, "soak-pacer");
            t.setDaemon(true);
            return t;
        });
        try (SoakLog log = new SoakLog(out, System::currentTimeMillis)) {
            final List<BidiStream> streams = new ArrayList<>();
            for (int i = 1; i <= bidiStreams; i++) {
                final BidiStream stream = new BidiStream("bidi-" + i, streamStub, log, pacer, stallMillis,
                                                         reconnectMillis);
                streams.add(stream);
                pacer.execute(stream::open);
            }
            final long started = System.nanoTime();
            final Runnable tick = pacing(unaryStub, streamStub, gateway, streams, log, started);
            pacer.scheduleAtFixedRate(() -> {
                try {
                    tick.run();
                } catch (RuntimeException e) { // a thrown exception would end the schedule silently
                    e.printStackTrace();
                }
            }, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
            pacer.schedule(log::writeSummaries, 60, TimeUnit.SECONDS);
            TimeUnit.SECONDS.sleep(durationSeconds);
            // Stop sending, end the streams as a client does, and give calls in flight their deadline.
            pacer.shutdown();
            pacer.awaitTermination(5, TimeUnit.SECONDS);
            streams.forEach(BidiStream::stop);
            TimeUnit.MILLISECONDS.sleep(Math.min(timeoutMillis, 3000));
            progress(log, started);
        }
        return 0;
    }

    /** What the pacing thread does every tick: the calls due at each rate, the streams' next numbers. */
    private Runnable pacing(SumServiceStub unaryStub, SumServiceStub streamStub, WebClient gateway,
                            List<BidiStream> streams, SoakLog log, long started) {
        final double[] credit = new double[3];
        final long[] ticks = new long[1];
        final long ticksPerBidi = bidiIntervalMillis / TICK_MILLIS;
        final long rampTicks = TimeUnit.SECONDS.toMillis(rampSeconds) / TICK_MILLIS;
        return () -> {
            // As a rollout brings traffic to a new deployment: cold JVMs and first certificates see 10 % of
            // the rates at first, all of them at the end of the ramp.
            final double share = ticks[0] >= rampTicks ? 1 : 0.1 + 0.9 * ticks[0] / rampTicks;
            credit[0] += share * unaryRate * TICK_MILLIS / 1000.0;
            credit[1] += share * jsonRate * TICK_MILLIS / 1000.0;
            credit[2] += share * rangeRate * TICK_MILLIS / 1000.0;
            for (; credit[0] >= 1; credit[0]--) {
                unary(unaryStub, log);
            }
            for (; credit[1] >= 1; credit[1]--) {
                json(gateway, log);
            }
            for (; credit[2] >= 1; credit[2]--) {
                range(streamStub, log);
            }
            if (++ticks[0] % ticksPerBidi == 0) {
                streams.forEach(BidiStream::tick);
            }
            if (ticks[0] % 1000 == 0) {
                progress(log, started);
            }
        };
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    private static void progress(SoakLog log, long startedNanos) {
        final StringBuilder line = new StringBuilder(String.format(
                Locale.ROOT, "soak-load %ds:", TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - startedNanos)));
        for (Kind kind : Kind.values()) {
            final long[] t = log.totals(kind);
            line.append(String.format(Locale.ROOT, " %s ok=%d failed=%d denied=%d", kind.label(), t[0], t[1], t[2]));
        }
        System.out.println(line);
    }

    private void unary(SumServiceStub stub, SoakLog log) {
        final long a = ThreadLocalRandom.current().nextLong(1_000_000);
        final long b = ThreadLocalRandom.current().nextLong(1_000_000);
        final long t0 = System.nanoTime();
        final AtomicReference<String> instance = new AtomicReference<>("");
        stub.withOption(InstanceCapture.INSTANCE, instance).withDeadlineAfter(timeoutMillis, TimeUnit.MILLISECONDS)
            .add(AddRequest.newBuilder().setA(a).setB(b).build(), new StreamObserver<AddResponse>() {
                private long sum = Long.MIN_VALUE;

                @Override
                public void onNext(AddResponse response) {
                    sum = response.getSum();
                }

                @Override
                public void onError(Throwable t) {
                    log.failure(Kind.UNARY, Cause.of(t), instance.get(), Cause.said(t));
                }

                @Override
                public void onCompleted() {
                    if (sum == a + b) {
                        log.success(Kind.UNARY, micros(t0));
                    } else {
                        log.failure(Kind.UNARY, Cause.wrongAnswer("sum " + sum), instance.get());
                    }
                }
            });
    }

    private void json(WebClient gateway, SoakLog log) {
        final long a = ThreadLocalRandom.current().nextLong(1_000_000);
        final long b = ThreadLocalRandom.current().nextLong(1_000_000);
        final long t0 = System.nanoTime();
        gateway.prepare().post(jsonPath).content(MediaType.JSON, "{\"a\":" + a + ",\"b\":" + b + '}')
               .execute().aggregate().handle((response, error) -> {
                   if (error != null) {
                       log.failure(Kind.JSON, Cause.of(error), "", Cause.said(error));
                   } else {
                       jsonAnswer(response, a + b, t0, log);
                   }
                   return null;
               });
    }

    private void jsonAnswer(AggregatedHttpResponse response, long expected, long t0, SoakLog log) {
        final String instance = response.headers().get("x-weft-instance", "");
        if (response.status().code() != 200) {
            log.failure(Kind.JSON, Cause.http(response.status().code(), response.headers().get(Cause.FAILURE_HEADER)),
                        instance, response.contentUtf8());
            return;
        }
        long sum;
        try {
            final JsonNode body = json.readTree(response.contentUtf8());
            sum = body.path("sum").asLong(Long.MIN_VALUE);
        } catch (Exception e) {
            sum = Long.MIN_VALUE;
        }
        if (sum == expected) {
            log.success(Kind.JSON, micros(t0));
        } else {
            log.failure(Kind.JSON, Cause.wrongAnswer("body " + response.contentUtf8().strip()), instance);
        }
    }

    private void range(SumServiceStub stub, SoakLog log) {
        final long t0 = System.nanoTime();
        final long opened = System.currentTimeMillis();
        final AtomicReference<String> instance = new AtomicReference<>("");
        stub.withOption(InstanceCapture.INSTANCE, instance).withDeadlineAfter(timeoutMillis, TimeUnit.MILLISECONDS)
            .range(RangeRequest.newBuilder().setFrom(1).setTo(rangeSize).build(), new StreamObserver<Number>() {
                private long next = 1;
                private boolean wrong;

                @Override
                public void onNext(Number value) {
                    wrong |= value.getValue() != next++;
                }

                @Override
                public void onError(Throwable t) {
                    final Cause cause = Cause.of(t);
                    log.failure(Kind.RANGE, cause, instance.get(), Cause.said(t));
                    if (next > 1) { // broken after it had started
                        log.stream("range", "broken", instance.get(), cause, System.currentTimeMillis() - opened);
                    }
                }

                @Override
                public void onCompleted() {
                    if (!wrong && next == rangeSize + 1) {
                        log.success(Kind.RANGE, micros(t0));
                    } else {
                        log.failure(Kind.RANGE, Cause.wrongAnswer((next - 1) + " of " + rangeSize + " values"
                                                                  + (wrong ? ", out of order" : "")),
                                    instance.get());
                    }
                }
            });
    }

    private static long micros(long startNanos) {
        return TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - startNanos);
    }
}
