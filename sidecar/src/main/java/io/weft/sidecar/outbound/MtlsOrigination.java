package io.weft.sidecar.outbound;

import java.util.function.Function;

import com.linecorp.armeria.client.ClientRequestContext;
import com.linecorp.armeria.client.HttpClient;
import com.linecorp.armeria.client.SimpleDecoratingHttpClient;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;

import io.weft.sidecar.tls.UpstreamTlsSpecs;

/**
 * Innermost client layer, run once per attempt: pins the attempt's TLS to our current certificate
 * and to the destination's identity. (The caller's {@code grpc-timeout} is already in the request's
 * deadline, set once by the cluster's request decorator; each attempt gets what is left of it.)
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
        return unwrap().execute(ctx, req);
    }
}
