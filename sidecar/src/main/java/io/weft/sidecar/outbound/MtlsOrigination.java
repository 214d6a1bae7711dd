package io.weft.sidecar.outbound;

import java.time.Duration;
import java.util.function.Function;

import com.linecorp.armeria.client.ClientRequestContext;
import com.linecorp.armeria.client.HttpClient;
import com.linecorp.armeria.client.SimpleDecoratingHttpClient;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.util.TimeoutMode;

import io.weft.sidecar.balancing.GrpcTimeout;
import io.weft.sidecar.tls.UpstreamTlsSpecs;

/**
 * Innermost client layer, run once per attempt: pins the attempt's TLS to our current certificate
 * and to the destination's identity, and applies the caller's {@code grpc-timeout} when shorter
 * than the configured per-attempt timeout.
 */
public final class MtlsOrigination extends SimpleDecoratingHttpClient {
    private final String service;
    private final UpstreamTlsSpecs specs;

    public static Function<? super HttpClient, MtlsOrigination> newDecorator(String service, UpstreamTlsSpecs specs) {
        return delegate -> new MtlsOrigination(delegate, service, specs);
    }

    private MtlsOrigination(HttpClient delegate, String service, UpstreamTlsSpecs specs) {
        super(delegate);
        this.service = service;
        this.specs = specs;
    }

    @Override
    public HttpResponse execute(ClientRequestContext ctx, HttpRequest req) throws Exception {
        ctx.setClientTlsSpec(specs.specFor(service));
        GrpcTimeout.tryParse(req.headers().get(GrpcTimeout.HEADER)).ifPresent(deadline -> {
            final long current = ctx.responseTimeoutMillis();
            if (current == 0 || deadline.compareTo(Duration.ofMillis(current)) < 0) {
                ctx.setResponseTimeout(TimeoutMode.SET_FROM_START, deadline);
            }
        });
        return unwrap().execute(ctx, req);
    }
}
