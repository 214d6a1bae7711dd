package io.weft.sidecar.inbound;

import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpHeaders;
import com.linecorp.armeria.common.HttpObject;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServiceRequestContext;

import io.netty.util.AsciiString;
import io.weft.sidecar.failure.FailureResponses;

/**
 * Routing on the inbound side: forward to the local app on loopback. Request and response are
 * streamed both ways unchanged (trailers included) but for two headers: {@code :authority} is set to the
 * app's, and an {@code x-weft-failure} the app wrote is removed — it is the sidecars' word for their own
 * failures, which callers' sidecars act on (a peer's {@code unreachable} is retried, any method).
 * A failed forward is answered by the listener's {@code FailureRescue}.
 */
public final class AppForwarder implements HttpService {
    private static final AsciiString FAILURE = HttpHeaderNames.of(FailureResponses.FAILURE_HEADER);

    private final WebClient appClient;
    private final String appAuthority;

    public AppForwarder(WebClient appClient, String appAuthority) {
        this.appClient = appClient;
        this.appAuthority = appAuthority;
    }


    @Override
    public HttpResponse serve(ServiceRequestContext ctx, HttpRequest req) {
        final HttpResponse res = appClient.execute(req.withHeaders(req.headers().toBuilder().authority(appAuthority)));
        // one mapping stage for headers and trailers alike (mapHeaders and mapTrailers would wrap it twice)
        return HttpResponse.of(res.map(AppForwarder::withoutFailure));
    }

    private static HttpObject withoutFailure(HttpObject obj) {
        if (!(obj instanceof HttpHeaders headers) || !headers.contains(FAILURE)) {
            return obj; // data, or headers without the name: passed on as they are, nothing copied
        }
        return headers instanceof ResponseHeaders response ? response.toBuilder().removeAndThen(FAILURE).build()
                                                          : headers.toBuilder().removeAndThen(FAILURE).build();
    }
}
