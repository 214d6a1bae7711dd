package io.weft.sidecar.balancing;

import java.util.EnumSet;
import java.util.Set;

import com.linecorp.armeria.client.ClientRequestContext;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.RequestHeaders;

import io.weft.common.annotation.Nullable;

/**
 * What a request is, for deciding whether a failed attempt may be sent again.
 *
 * <ul>
 *   <li>{@link #IDEMPOTENT_HTTP}: a non-gRPC GET, HEAD, OPTIONS, PUT, DELETE or TRACE.</li>
 *   <li>{@link #GRPC_UNARY}: gRPC the caller declared unary with {@link UpstreamCluster#UNARY_GRPC}
 *       (the gateway and transcoding know the method from descriptors).</li>
 *   <li>{@link #GRPC_UNKNOWN}: any other gRPC call. Retried only while it is not known to be
 *       streaming: at the time of the decision its body has shown at most one message and has not
 *       failed (it need not have ended); a call with two or more messages is never retried.</li>
 *   <li>{@link #OTHER}: everything else (POST, PATCH, gRPC-Web ...): never retried after it reached
 *       the upstream.</li>
 * </ul>
 */
enum RequestKind {
    IDEMPOTENT_HTTP, GRPC_UNARY, GRPC_UNKNOWN, OTHER;

    private static final Set<HttpMethod> IDEMPOTENT = EnumSet.of(
            HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS, HttpMethod.PUT, HttpMethod.DELETE,
            HttpMethod.TRACE);

    static RequestKind of(ClientRequestContext ctx, RequestHeaders headers) {
        if (isGrpc(headers.get(HttpHeaderNames.CONTENT_TYPE))) {
            return Boolean.TRUE.equals(ctx.attr(UpstreamCluster.UNARY_GRPC)) ? GRPC_UNARY : GRPC_UNKNOWN;
        }
        return IDEMPOTENT.contains(headers.method()) ? IDEMPOTENT_HTTP : OTHER;
    }

    /** The same for a relay reading a request's {@code content-type} and {@code :method} itself. */
    static RequestKind of(@Nullable CharSequence contentType, @Nullable CharSequence method) {
        if (isGrpc(contentType == null ? null : contentType.toString())) {
            return GRPC_UNKNOWN; // a relay never knows the method's descriptor
        }
        final HttpMethod m = method == null ? null : HttpMethod.tryParse(method.toString());
        return m != null && IDEMPOTENT.contains(m) ? IDEMPOTENT_HTTP : OTHER;
    }

    boolean isGrpc() {
        return this == GRPC_UNARY || this == GRPC_UNKNOWN;
    }

    /** {@code application/grpc} and {@code application/grpc+proto|json}; not gRPC-Web. */
    static boolean isGrpc(String contentType) {
        if (contentType == null || !contentType.startsWith("application/grpc")) {
            return false;
        }
        final int n = "application/grpc".length();
        return contentType.length() == n || contentType.charAt(n) == '+' || contentType.charAt(n) == ';';
    }
}
