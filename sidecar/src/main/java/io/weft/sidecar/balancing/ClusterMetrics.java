package io.weft.sidecar.balancing;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The cluster's meters, tagged {@code upstream}. In Prometheus: {@code weft_upstream_requests_total},
 * {@code weft_upstream_retries_total}, {@code weft_upstream_retry_budget_exhausted_total},
 * {@code weft_upstream_ejections_total}, {@code weft_upstream_endpoints} and
 * {@code weft_upstream_endpoints_ejected}.
 */
final class ClusterMetrics {

    private ClusterMetrics() {}

    static void bind(UpstreamCluster c, MeterRegistry registry) {
        final String tag = "upstream";
        FunctionCounter.builder("weft.upstream.requests", c, UpstreamCluster::requestsTotal)
                       .tag(tag, c.name()).description("Requests sent upstream, not counting retries")
                       .register(registry);
        FunctionCounter.builder("weft.upstream.retries", c, UpstreamCluster::retriesTotal)
                       .tag(tag, c.name()).description("Retries sent upstream").register(registry);
        FunctionCounter.builder("weft.upstream.retry.budget.exhausted", c,
                                UpstreamCluster::retryBudgetExhaustedTotal)
                       .tag(tag, c.name()).description("Retries refused because the retry budget was spent")
                       .register(registry);
        FunctionCounter.builder("weft.upstream.ejections", c, UpstreamCluster::ejectionsTotal)
                       .tag(tag, c.name()).description("Endpoints ejected by outlier detection")
                       .register(registry);
        Gauge.builder("weft.upstream.endpoints", c, x -> x.endpointStatuses().size())
             .tag(tag, c.name()).description("Endpoints pushed by the control plane").register(registry);
        Gauge.builder("weft.upstream.endpoints.ejected", c,
                      x -> x.endpointStatuses().stream().filter(EndpointStatus::ejected).count())
             .tag(tag, c.name()).description("Endpoints ejected now").register(registry);
    }
}
