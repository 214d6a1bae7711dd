package io.weft.controlplane.chain;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import io.weft.common.annotation.Nullable;

/**
 * A service-router route's {@code Destination}: where matching requests go (service and subset; empty
 * means the router's own service and its default subset) and how (path rewrite, timeouts, retries,
 * header changes).
 */
public record RouteDestination(String service, String serviceSubset, String prefixRewrite,
                               Duration requestTimeout, Duration idleTimeout, long numRetries,
                               boolean retryOnConnectFailure, List<Long> retryOnStatusCodes, List<String> retryOn,
                               HeaderModifiers requestHeaders, HeaderModifiers responseHeaders) {

    /** Consul's {@code isValidRetryCondition}: Envoy's retry-on names. */
    static final Set<String> RETRY_CONDITIONS = Set.of(
            "5xx", "gateway-error", "reset", "connect-failure", "envoy-ratelimited", "retriable-4xx",
            "refused-stream", "cancelled", "deadline-exceeded", "internal", "resource-exhausted", "unavailable");

    public RouteDestination {
        retryOnStatusCodes = List.copyOf(retryOnStatusCodes);
        retryOn = List.copyOf(retryOn);
    }

    /** The destination of a route without one: the router's service, nothing changed. */
    static RouteDestination to(String service) {
        return new RouteDestination(service, "", "", Duration.ZERO, Duration.ZERO, 0, false, List.of(), List.of(),
                                    HeaderModifiers.NONE, HeaderModifiers.NONE);
    }

    static RouteDestination read(@Nullable EntryJson d, String routerName, RouteMatch match, int index)
            throws ChainException {
        if (d == null) {
            return to(routerName);
        }
        Scope.requireLocal(d);
        final String rewrite = d.text("PrefixRewrite");
        if (!rewrite.isEmpty() && !match.allowsPrefixRewrite()) {
            throw d.error("Route[" + index + "] cannot make use of PrefixRewrite without configuring either " +
                          "PathExact or PathPrefix");
        }
        final List<String> retryOn = d.texts("RetryOn");
        for (String r : retryOn) {
            if (!RETRY_CONDITIONS.contains(r)) {
                throw d.error("Route[" + index + "] contains an invalid retry condition: \"" + r + '"');
            }
        }
        final String service = d.text("Service");
        return new RouteDestination(service.isEmpty() ? routerName : service, d.text("ServiceSubset"), rewrite,
                                    d.duration("RequestTimeout"), d.duration("IdleTimeout"),
                                    d.unsigned("NumRetries"), d.bool("RetryOnConnectFailure"),
                                    d.unsigneds("RetryOnStatusCodes"), retryOn,
                                    HeaderModifiers.read(d.object("RequestHeaders")),
                                    HeaderModifiers.read(d.object("ResponseHeaders")));
    }

    public boolean hasRetryFeatures() {
        return numRetries > 0 || retryOnConnectFailure || !retryOnStatusCodes.isEmpty() || !retryOn.isEmpty();
    }
}
