package io.weft.sidecar.transcoding;

import java.util.Map;
import java.util.Set;

import com.linecorp.armeria.common.HttpHeaders;
import com.linecorp.armeria.common.HttpHeadersBuilder;
import com.linecorp.armeria.common.RequestHeadersBuilder;


/**
 * Which headers cross the JSON/gRPC boundary. Metadata (authorization, x-weft-peer-identity, request
 * ids, the app's own headers such as x-weft-instance) does; what describes the body or the framing
 * on one side (content-type, content-length, grpc-status, te...) does not.
 */
final class HeaderFilters {

    /** Set on every gRPC call a JSON call makes to the app: gRPC's framing, and no compression asked for. */
    static final Map<String, String> GRPC_CALL = Map.of("content-type", "application/grpc", "te", "trailers",
                                                        "grpc-accept-encoding", "identity");

    /** Never forwarded from the JSON caller to the app. */
    private static final Set<String> NOT_TO_APP = Set.of(
            "content-type", "content-length", "content-encoding", "accept", "accept-encoding", "te", "host",
            "connection", "keep-alive", "transfer-encoding", "upgrade", "expect", "proxy-connection",
            "proxy-authorization", "grpc-encoding", "grpc-accept-encoding");

    /** Never copied from the app's gRPC response onto the JSON response. */
    private static final Set<String> NOT_TO_CALLER = Set.of(
            "content-type", "content-length", "content-encoding", "te", "trailer", "connection", "keep-alive",
            "transfer-encoding");

    static void copyToApp(HttpHeaders from, RequestHeadersBuilder to) {
        from.forEach((name, value) -> {
            if (toApp(name)) {
                to.add(name, value);
            }
        });
    }

    /** Whether a JSON caller's header (lower case, as HTTP/2 sends it) goes on to the app's gRPC call. */
    static boolean toApp(CharSequence name) {
        return isForwardable(name) && !NOT_TO_APP.contains(name.toString());
    }

    static void copyToCaller(HttpHeaders from, HttpHeadersBuilder to) {
        from.forEach((name, value) -> {
            final String lower = name.toString();
            if (isForwardable(name) && !NOT_TO_CALLER.contains(lower) && !lower.startsWith("grpc-")) {
                to.add(name, value);
            }
        });
    }

    private static boolean isForwardable(CharSequence name) {
        return !name.isEmpty() && name.charAt(0) != ':';
    }

    private HeaderFilters() {}
}
