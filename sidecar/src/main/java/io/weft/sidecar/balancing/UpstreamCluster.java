package io.weft.sidecar.balancing;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;

import com.linecorp.armeria.client.ClientRequestContext;
import com.linecorp.armeria.client.Endpoint;
import com.linecorp.armeria.client.HttpClient;
import com.linecorp.armeria.client.endpoint.EndpointGroup;
import io.weft.common.annotation.Nullable;
import com.linecorp.armeria.common.util.SafeCloseable;

import io.micrometer.core.instrument.MeterRegistry;
import io.netty.util.AttributeKey;

/**
 * One upstream service as the sidecar sees it: its endpoints, how to pick among them, which are
 * ejected, and how requests to it are retried and timed out. Thread-safe; one per upstream service.
 *
 * <pre>{@code
 * UpstreamCluster sum = UpstreamCluster.of("sum", ClusterPolicy.ofDefault());
 * sum.update(endpointsFromControlPlane);
 * WebClient client = WebClient.builder(SessionProtocol.H2C, sum.endpointGroup())
 *                             .decorator(sum.decorator())
 *                             .build();
 * }</pre>
 *
 * <p>See the package documentation for the path a request takes.
 */
public final class UpstreamCluster implements SafeCloseable {

    /**
     * Set to {@code true} on a request (e.g. {@code client.prepare().attr(UNARY_GRPC, true)}) when
     * the caller knows from descriptors that a gRPC call is unary: it is then also retried on
     * {@code UNAVAILABLE} in trailers, at the cost of buffering its (single-message) response.
     */
    public static final AttributeKey<Boolean> UNARY_GRPC = AttributeKey.valueOf(UpstreamCluster.class,
                                                                                "UNARY_GRPC");

    /**
     * The retries of the Consul route that sent the request here (set on the request, e.g.
     * {@code RequestOptions.builder().attr(ROUTE_RETRY, retry)}): they replace the cluster's own retry
     * rules and attempt limit for it; the retry budget and the replay limit still apply.
     */
    public static final AttributeKey<RouteRetry> ROUTE_RETRY = AttributeKey.valueOf(UpstreamCluster.class,
                                                                                 "ROUTE_RETRY");

    /**
     * The request's hash key, for a cluster balanced by consistent hashing ({@link LoadBalancing#RING_HASH},
     * {@link LoadBalancing#MAGLEV}); a request without one gets a random endpoint there.
     */
    public static final AttributeKey<Long> REQUEST_HASH = AttributeKey.valueOf(UpstreamCluster.class,
                                                                               "REQUEST_HASH");

    private final String name;
    private final ClusterPolicy policy;
    private final Clock clock;
    /** Swapped whole by {@link #balanceWith}; the pair changes together. */
    private volatile Balancing balancing;
    private final OutlierDetector detector;
    private final RetryBudget budget;
    private final RetryRules retryRules;
    private final ClusterEndpointGroup endpointGroup;
    private final LongAdder requests = new LongAdder();
    private final LongAdder retries = new LongAdder();

    private volatile List<EndpointState> endpoints = List.of();

    private record Balancing(Balancer balancer, Picker picker) {}

    private UpstreamCluster(String name, ClusterPolicy policy, Clock clock) {
        this.name = name;
        this.policy = policy;
        this.clock = clock;
        final Balancer balancer = Balancer.of(policy.loadBalancing());
        balancing = new Balancing(balancer, Picker.of(balancer));
        detector = new OutlierDetector(name, policy, clock, () -> endpoints);
        budget = new RetryBudget(policy, clock);
        retryRules = new RetryRules(policy);
        endpointGroup = new ClusterEndpointGroup(this::select, policy.endpointWaitTimeout().toMillis());
    }

    public static UpstreamCluster of(String name, ClusterPolicy policy) {
        return of(name, policy, Clock.systemUTC());
    }

    /** A cluster whose ejection and retry-budget time comes from {@code clock} (tests pass a fake). */
    public static UpstreamCluster of(String name, ClusterPolicy policy, Clock clock) {
        requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("name: '" + name + "' (expected: not blank)");
        }
        return new UpstreamCluster(name, requireNonNull(policy, "policy"), requireNonNull(clock, "clock"));
    }

    public String name() {
        return name;
    }

    public ClusterPolicy policy() {
        return policy;
    }

    /**
     * Replaces the endpoint set atomically, as the control plane pushed it. An instance that stays
     * (same instance id, host and port) keeps its in-flight count and ejection state; new weights
     * and zones take effect. Safe to call from any thread; does not block on I/O.
     *
     * @throws IllegalArgumentException if two endpoints share a host and port
     */
    public synchronized void update(List<UpstreamEndpoint> newEndpoints) {
        requireNonNull(newEndpoints, "newEndpoints");
        final Set<String> addresses = new HashSet<>();
        for (UpstreamEndpoint e : newEndpoints) {
            if (!addresses.add(e.authority())) {
                throw new IllegalArgumentException(name + ": duplicate endpoint address " + e.authority() +
                                                   " (expected: one instance per host and port)");
            }
        }
        final List<EndpointState> old = endpoints;
        final List<EndpointState> states = new ArrayList<>(newEndpoints.size());
        final List<Endpoint> armeria = new ArrayList<>(newEndpoints.size());
        for (UpstreamEndpoint e : newEndpoints) {
            EndpointState state = null;
            for (EndpointState s : old) {
                if (s.descriptor().sameInstance(e)) {
                    state = s;
                    state.describe(e);
                    break;
                }
            }
            if (state == null) {
                state = new EndpointState(e);
            }
            states.add(state);
            armeria.add(state.endpoint());
        }
        endpoints = List.copyOf(states);
        endpointGroup.replaceEndpoints(armeria);
    }

    /**
     * Picks endpoints the way {@code balancer} says from now on (a Consul resolver's {@code LoadBalancer}),
     * or the policy's own way when it is {@code null}. Pushing the same settings again keeps the picker and
     * its state (round-robin position, hash ring). Safe from any thread; picks under way finish with the
     * picker they started with.
     */
    public void balanceWith(@Nullable Balancer balancer) {
        final Balancer next = balancer != null ? balancer : Balancer.of(policy.loadBalancing());
        if (!next.equals(balancing.balancer())) {
            balancing = new Balancing(next, Picker.of(next));
        }
    }

    /** How endpoints are picked now. */
    public Balancer balancer() {
        return balancing.balancer();
    }

    /** The group to build this upstream's {@code WebClient} on. */
    public EndpointGroup endpointGroup() {
        return endpointGroup;
    }

    /**
     * The decorator every request to this upstream must go through: {@link #attemptDecorator()} inside
     * {@link #requestDecorator()}. Add it to a client built on {@link #endpointGroup()}; decorators added
     * after it run once per request, those added before it once per attempt.
     */
    public Function<? super HttpClient, ? extends HttpClient> decorator() {
        return delegate -> requestDecorator().apply(attemptDecorator().apply(delegate));
    }

    /**
     * Once per request: the retry budget's count, the policy's timeout (if any), and the request's
     * attempts — the first on the request's own context, retries from the replay buffer. Must be added
     * right after {@link #attemptDecorator()}.
     */
    public Function<? super HttpClient, ? extends HttpClient> requestDecorator() {
        return delegate -> new RequestClient(delegate, this);
    }

    /** Once per attempt: the endpoint in the request's history, its in-flight count, its outlier report. */
    public Function<? super HttpClient, ? extends HttpClient> attemptDecorator() {
        return delegate -> new AttemptClient(delegate, detector);
    }

    /** Every endpoint with its in-flight count and ejection state, for the admin page. */
    public List<EndpointStatus> endpointStatuses() {
        final long now = clock.millis();
        return endpoints.stream().map(s -> EndpointStatus.of(s, now)).toList();
    }

    /** Requests sent to this upstream (not counting retries). */
    public long requestsTotal() {
        return requests.sum();
    }

    /** Retries sent. */
    public long retriesTotal() {
        return retries.sum();
    }

    /** Retries not sent because the retry budget was spent. */
    public long retryBudgetExhaustedTotal() {
        return budget.exhaustedTotal();
    }

    /**
     * One request's attempts for a relay that is not an Armeria client, for a request with this
     * {@code content-type} and {@code :method} (what may be repeated): see {@link RelayedAttempts}.
     */
    public RelayedAttempts relayedAttempts(@Nullable CharSequence contentType, @Nullable CharSequence method) {
        return new RelayedAttempts(this, detector, RequestKind.of(contentType, method));
    }

    /** Ejections so far. */
    public long ejectionsTotal() {
        return detector.ejectionsTotal();
    }

    /** Registers this cluster's counters and gauges, tagged {@code upstream=<name>}. */
    public void bindTo(MeterRegistry registry) {
        ClusterMetrics.bind(this, registry);
    }

    @Override
    public void close() {
        endpointGroup.close();
    }

    void onRequest() {
        requests.increment();
        budget.onRequest();
    }

    RetryRules retryRules() {
        return retryRules;
    }

    /**
     * Takes retry budget for one retry and counts it; false when the budget is spent. A retry of a request
     * that {@code neverProcessed} (no app saw it: {@link RetryRules#neverProcessed}) takes none: the budget
     * caps the extra work retries put on upstream apps, and such a retry puts none — the request still
     * reaches one app at most. Without this, a dead app behind a live sidecar that keeps a share of the
     * traffic until its check or the outlier detector takes it out (a third of it, for one of three
     * instances) spends the budget (20 % + 10/s) within seconds, and the rest of its share fails.
     */
    boolean tryAcquireRetry(boolean neverProcessed) {
        if (!neverProcessed && !budget.tryAcquire()) {
            return false;
        }
        retries.increment();
        return true;
    }

    /**
     * Picks the endpoint for an attempt: healthy ones this request has not tried yet; failing that,
     * healthy ones; failing that, any not yet tried; failing that, any. Runs on an event loop.
     */
    @Nullable
    Endpoint select(ClientRequestContext ctx) {
        final EndpointState picked = select(AttemptHistory.get(ctx), ctx.attr(REQUEST_HASH));
        return picked == null ? null : picked.endpoint();
    }

    /**
     * {@link #select(ClientRequestContext)} for a request whose history is at hand, or has none; {@code hash}
     * is the request's key for the hashing balancers (null: none).
     */
    @Nullable
    EndpointState select(@Nullable AttemptHistory history, @Nullable Long hash) {
        final List<EndpointState> all = endpoints;
        if (all.isEmpty()) {
            return null;
        }
        final long now = clock.millis();
        List<EndpointState> candidates = filter(all, now, history, true);
        if (candidates.isEmpty()) {
            candidates = filter(all, now, null, true);
        }
        if (candidates.isEmpty()) {
            candidates = filter(all, now, history, false);
        }
        if (candidates.isEmpty()) {
            candidates = all;
        }
        return balancing.picker().pick(candidates, all, hash);
    }

    private static List<EndpointState> filter(List<EndpointState> all, long now,
                                              @Nullable AttemptHistory history, boolean healthyOnly) {
        List<EndpointState> out = null;
        for (int i = 0; i < all.size(); i++) {
            final EndpointState s = all.get(i);
            final boolean keep = !(healthyOnly && s.isEjected(now)) && (history == null || !history.hasTried(s));
            if (!keep && out == null) {
                out = new ArrayList<>(all.subList(0, i));
            } else if (keep && out != null) {
                out.add(s);
            }
        }
        return out == null ? all : out;
    }
}
