package io.weft.sidecar.transcoding;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;

import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.client.retry.Backoff;
import com.linecorp.armeria.common.CommonPools;

/**
 * Builds a {@link GrpcJsonTranscoder}. Every setting has a default; {@link #build()} validates.
 */
public final class GrpcJsonTranscoderBuilder {

    /** 8 MiB, the sidecar's default body limit. */
    public static final int DEFAULT_MAX_MESSAGE_LENGTH = 8 * 1024 * 1024;
    public static final Duration DEFAULT_REFRESH_INTERVAL = Duration.ofSeconds(30);
    public static final Duration DEFAULT_MIN_REFRESH_GAP = Duration.ofSeconds(1);

    private final WebClient appClient;
    private Backoff reflectionRetryBackoff = Backoff.exponential(100, 5_000).withJitter(0.2);
    private Duration refreshInterval = DEFAULT_REFRESH_INTERVAL;
    private Duration minRefreshGap = DEFAULT_MIN_REFRESH_GAP;
    private int maxMessageLength = DEFAULT_MAX_MESSAGE_LENGTH;
    private boolean printDefaultValues;
    private ScheduledExecutorService scheduler = CommonPools.blockingTaskExecutor();
    private Clock clock = Clock.systemUTC();

    GrpcJsonTranscoderBuilder(WebClient appClient) {
        this.appClient = requireNonNull(appClient, "appClient");
    }

    /**
     * How long to wait between reflection attempts while they fail (the app is not up yet, or is
     * restarting). Default: exponential from 100 ms to 5 s with 20 % jitter.
     */
    public GrpcJsonTranscoderBuilder reflectionRetryBackoff(Backoff backoff) {
        reflectionRetryBackoff = requireNonNull(backoff, "backoff");
        return this;
    }

    /**
     * How often to re-fetch the descriptors once loaded, to notice an app restarted with other
     * descriptors; {@link Duration#ZERO} turns this off (failures still trigger a refresh). Default 30 s.
     */
    public GrpcJsonTranscoderBuilder refreshInterval(Duration refreshInterval) {
        this.refreshInterval = requireNonNull(refreshInterval, "refreshInterval");
        return this;
    }

    /** The least time between two refreshes triggered by failed calls. Default 1 s. */
    public GrpcJsonTranscoderBuilder minRefreshGap(Duration minRefreshGap) {
        this.minRefreshGap = requireNonNull(minRefreshGap, "minRefreshGap");
        return this;
    }

    /**
     * The largest JSON request body and the largest gRPC message from the app. A larger request
     * gets 413. Default 8 MiB.
     */
    public GrpcJsonTranscoderBuilder maxMessageLength(int maxMessageLength) {
        this.maxMessageLength = maxMessageLength;
        return this;
    }

    /**
     * Whether to print fields at their default value ({@code {"sum":"0"}} rather than {@code {}}).
     * Default {@code false}, the proto3 JSON mapping's default.
     */
    public GrpcJsonTranscoderBuilder printDefaultValues(boolean printDefaultValues) {
        this.printDefaultValues = printDefaultValues;
        return this;
    }

    /**
     * Runs reflection scheduling and descriptor linking. Default: Armeria's blocking task executor
     * (never an event loop).
     */
    public GrpcJsonTranscoderBuilder scheduler(ScheduledExecutorService scheduler) {
        this.scheduler = requireNonNull(scheduler, "scheduler");
        return this;
    }

    /** The clock for the timestamps in {@link GrpcJsonTranscoder#state()}. Default UTC system clock. */
    public GrpcJsonTranscoderBuilder clock(Clock clock) {
        this.clock = requireNonNull(clock, "clock");
        return this;
    }

    /**
     * Builds the transcoder; call {@link GrpcJsonTranscoder#start()} to begin fetching descriptors.
     *
     * @throws IllegalArgumentException naming an invalid setting
     */
    public GrpcJsonTranscoder build() {
        if (maxMessageLength <= 0) {
            throw new IllegalArgumentException("maxMessageLength: " + maxMessageLength + " (expected: > 0)");
        }
        if (refreshInterval.isNegative()) {
            throw new IllegalArgumentException("refreshInterval: " + refreshInterval + " (expected: >= 0)");
        }
        if (minRefreshGap.isNegative()) {
            throw new IllegalArgumentException("minRefreshGap: " + minRefreshGap + " (expected: >= 0)");
        }
        final DescriptorWatcher watcher = new DescriptorWatcher(
                new ReflectionClient(appClient, maxMessageLength), scheduler, reflectionRetryBackoff,
                refreshInterval, minRefreshGap, clock);
        return new GrpcJsonTranscoder(appClient, watcher, maxMessageLength, printDefaultValues);
    }
}
