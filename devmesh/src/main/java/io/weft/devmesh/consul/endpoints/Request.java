package io.weft.devmesh.consul.endpoints;

import com.linecorp.armeria.common.AggregatedHttpRequest;
import com.linecorp.armeria.common.QueryParams;
import com.linecorp.armeria.server.ServiceRequestContext;

/**
 * One aggregated API request: the path tail after the route's prefix (URL-decoded), the query and
 * the body. Handlers run on the request's event loop and must not block.
 */
record Request(ServiceRequestContext ctx, AggregatedHttpRequest http, String tail) {
    QueryParams params() {
        return ctx.queryParams();
    }

    String body() {
        return http.contentUtf8();
    }

    String method() {
        return http.method().name();
    }

    boolean pretty() {
        return params().contains("pretty");
    }

    /** Consul's boolean query flags: present without a value means true. */
    boolean flag(String name) {
        final String v = params().get(name);
        if (v == null) {
            return false;
        }
        return v.isEmpty() || Boolean.parseBoolean(v) || "1".equals(v);
    }
}
