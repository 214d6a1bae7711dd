package io.weft.sidecar.inbound;

import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServiceRequestContext;

/**
 * Routing on the inbound side: forward to the local app on loopback. Request and response are
 * streamed both ways unchanged (trailers included); only {@code :authority} is set to the app's.
 * A failed forward is answered by the listener's {@code FailureRescue}.
 */
public final class AppForwarder implements HttpService {
    private final WebClient appClient;
    private final String appAuthority;

    public AppForwarder(WebClient appClient, String appAuthority) {
        this.appClient = appClient;
        this.appAuthority = appAuthority;
    }

    public WebClient appClient() {
        return appClient;
    }

    @Override
    public HttpResponse serve(ServiceRequestContext ctx, HttpRequest req) {
        return appClient.execute(req.withHeaders(req.headers().toBuilder().authority(appAuthority)));
    }
}
