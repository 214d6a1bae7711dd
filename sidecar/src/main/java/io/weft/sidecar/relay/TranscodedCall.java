package io.weft.sidecar.relay;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Queue;

import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.ResponseHeaders;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2StreamFrame;
import io.netty.util.AsciiString;
import io.netty.util.ReferenceCountUtil;
import io.weft.common.annotation.Nullable;
import io.weft.sidecar.failure.Failure;
import io.weft.sidecar.failure.FailureResponses;
import io.weft.sidecar.transcoding.UnaryJsonCall;

/**
 * A unary JSON call the inbound front transcodes itself, in frames: the caller's body gathered (up to the
 * transcoder's cap), one gRPC call to the app, the app's response read whole and answered as JSON. The
 * transcoding itself — route, JSON to message, which headers cross, reading the gRPC response, the JSON
 * answer and its errors — is {@link UnaryJsonCall}'s, the code the Armeria path runs. {@link RelayedStream}
 * applies the inbound policy before and owns the streams; everything here runs on the stream's event loop.
 */
final class TranscodedCall {
    private static final AsciiString FAILURE = AsciiString.of(FailureResponses.FAILURE_HEADER);
    private static final AsciiString POST = AsciiString.of("POST");
    private static final AsciiString HTTP = AsciiString.of("http");

    private final UnaryJsonCall call;
    private final Http2Headers callerHeaders;
    private final CharSequence appAuthority;
    /** On the heap, as the Armeria path aggregates: a few large bodies must not exhaust the direct memory cap. */
    @Nullable
    private ByteBuf body;
    private boolean finalHeaders;

    /** {@code first}: the caller's request HEADERS, which may end the request. */
    TranscodedCall(UnaryJsonCall call, Http2HeadersFrame first, CharSequence appAuthority) {
        this.call = call;
        callerHeaders = first.headers();
        this.appAuthority = appAuthority;
        body = Unpooled.buffer(0);
    }

    int maxMessageLength() {
        return call.maxMessageLength();
    }

    /** Whether the caller declared a body above the cap; the answer (413) is then ready. */
    boolean refusesDeclaredLength() {
        final Long declared = callerHeaders.getLong(HttpHeaderNames.CONTENT_LENGTH);
        if (declared != null && declared > call.maxMessageLength()) {
            call.tooLarge(declared);
            release();
            return true;
        }
        return false;
    }

    /**
     * Takes one frame of the caller's request (released here); true once the body is whole. A body above the
     * cap makes the answer (413) ready instead.
     */
    boolean gather(Http2StreamFrame frame) {
        try {
            final ByteBuf gathered = body;
            if (gathered == null) {
                return false;
            }
            if (frame instanceof Http2DataFrame data) {
                if ((long) gathered.readableBytes() + data.content().readableBytes() > call.maxMessageLength()) {
                    call.tooLarge(-1);
                    release();
                    return false;
                }
                gathered.writeBytes(data.content());
                return data.isEndStream();
            }
            return frame instanceof Http2HeadersFrame trailers && trailers.isEndStream();
        } finally {
            ReferenceCountUtil.release(frame);
        }
    }

    /** Whether the caller's body is still being gathered. */
    boolean gathering() {
        return body != null;
    }

    /**
     * The gRPC call for the whole body: its HEADERS, with its one DATA frame queued on {@code then}; null when
     * the body makes no request message (the 400 naming why is then the answer).
     */
    @Nullable
    Http2HeadersFrame request(Queue<Http2StreamFrame> then) {
        final ByteBuf gathered = body;
        body = null;
        final String json = gathered == null ? "" : gathered.toString(StandardCharsets.UTF_8);
        if (gathered != null) {
            gathered.release();
        }
        final byte[] message = call.requestMessage(json);
        if (message == null) {
            return null;
        }
        final Http2Headers headers = new DefaultHttp2Headers(false, callerHeaders.size() + 8);
        headers.method(POST).path(call.grpcPath()).scheme(HTTP).authority(appAuthority);
        for (Map.Entry<CharSequence, CharSequence> header : callerHeaders) {
            if (UnaryJsonCall.passesToApp(header.getKey())) {
                headers.add(header.getKey(), header.getValue());
            }
        }
        UnaryJsonCall.grpcCallHeaders().forEach(headers::set);
        then.add(new DefaultHttp2DataFrame(Unpooled.wrappedBuffer(message), true));
        return new DefaultHttp2HeadersFrame(headers, false);
    }

    /**
     * One frame of the app's response (released here). An {@code x-weft-failure} the app wrote is dropped: it
     * is the sidecars' word for their own failures.
     */
    void read(Http2StreamFrame frame) {
        try {
            if (frame instanceof Http2HeadersFrame headersFrame) {
                final Http2Headers headers = headersFrame.headers();
                headers.remove(FAILURE);
                if (finalHeaders) {
                    call.responseTrailers(NettyHeaders.toArmeriaTrailers(headers));
                } else {
                    final ResponseHeaders response = NettyHeaders.toArmeriaResponse(headers);
                    finalHeaders = !response.status().isInformational();
                    call.responseHeaders(response);
                }
                if (headersFrame.isEndStream()) {
                    call.responseEnd();
                }
            } else if (frame instanceof Http2DataFrame data) {
                call.responseData(ByteBufUtil.getBytes(data.content()));
                if (data.isEndStream()) {
                    call.responseEnd();
                }
            }
        } finally {
            ReferenceCountUtil.release(frame);
        }
    }

    /** The call to the app failed before its response ended. */
    void failed(Failure failure) {
        call.responseFailed(failure);
    }

    /** The JSON answer, once there is one. */
    @Nullable
    AggregatedHttpResponse answer() {
        return call.answer().getNow(null);
    }

    /** Lets go of a body still being gathered. */
    void release() {
        final ByteBuf gathered = body;
        body = null;
        if (gathered != null) {
            gathered.release();
        }
    }
}
