package io.weft.sidecar.relay;

import java.util.Map;

import com.linecorp.armeria.common.HttpHeaders;
import com.linecorp.armeria.common.HttpHeadersBuilder;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.common.ResponseHeadersBuilder;

import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.util.AsciiString;
import io.weft.common.annotation.Nullable;
import io.weft.sidecar.observability.HopObservation;
import io.weft.sidecar.observability.RelayedHop;
import io.weft.sidecar.tracing.Hop;
import io.weft.sidecar.tracing.TraceHeaders;

/**
 * Headers between Netty's HTTP/2 codec and the Armeria types the transport-independent policy speaks
 * (failure answers, the JSON transcoder). Copies: used on answers and transcoded calls, not on relayed
 * streams, whose headers pass on as they are.
 */
final class NettyHeaders {
    static final TraceHeaders.Getter<Http2Headers> TRACE_GET = (headers, name) -> {
        final CharSequence value = headers.get(name);
        return value == null ? null : value.toString();
    };

    /**
     * Starts observing a hop a relay takes on (null when tracing and access logs are off), and rewrites the
     * request's trace headers to this hop's context, as the Armeria layer does.
     */
    @Nullable
    static RelayedHop observe(HopObservation observation, Hop hop, Http2Headers headers, boolean grpc) {
        if (!observation.observes()) { // the usual case: nothing converted, nothing allocated
            return null;
        }
        final RelayedHop relayed = observation.relayed(hop, headers, TRACE_GET, String.valueOf(headers.method()),
                                                       str(headers.authority()), String.valueOf(headers.path()),
                                                       grpc);
        if (relayed != null) {
            relayed.propagate(headers, Http2Headers::remove, Http2Headers::set);
        }
        return relayed;
    }

    @Nullable
    static String str(@Nullable CharSequence value) {
        return value == null ? null : value.toString();
    }

    static Http2Headers toNetty(HttpHeaders headers) {
        final Http2Headers h2 = new DefaultHttp2Headers(false, headers.size());
        for (Map.Entry<AsciiString, String> header : headers) {
            h2.add(header.getKey(), header.getValue());
        }
        return h2;
    }

    /** A response's headers ({@code :status} and the rest); a missing or garbled status reads as 0... 502. */
    static ResponseHeaders toArmeriaResponse(Http2Headers headers) {
        final CharSequence status = headers.status();
        int code;
        try {
            code = status == null ? 502 : AsciiString.of(status).parseInt();
        } catch (NumberFormatException e) {
            code = 502;
        }
        final ResponseHeadersBuilder builder = ResponseHeaders.builder(code);
        copyRegular(headers, builder);
        return builder.build();
    }

    static HttpHeaders toArmeriaTrailers(Http2Headers headers) {
        final HttpHeadersBuilder builder = HttpHeaders.builder();
        copyRegular(headers, builder);
        return builder.build();
    }

    private static void copyRegular(Http2Headers from, HttpHeadersBuilder to) {
        for (Map.Entry<CharSequence, CharSequence> header : from) {
            final CharSequence name = header.getKey();
            if (name.length() > 0 && name.charAt(0) != ':') {
                to.add(name, header.getValue().toString());
            }
        }
    }

    private NettyHeaders() {}
}
