package io.weft.sidecar.relay;

import static io.weft.sidecar.relay.NettyHeaders.str;
import static java.util.Objects.requireNonNull;

import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.grpc.protocol.GrpcHeaderNames;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamFrame;
import io.netty.util.AsciiString;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.ScheduledFuture;
import io.weft.certs.SpiffeId;
import io.weft.common.annotation.Nullable;
import io.weft.sidecar.Drain;
import io.weft.sidecar.deadline.Deadline;
import io.weft.sidecar.discovery.RequestAttributes;
import io.weft.sidecar.failure.CallerKind;
import io.weft.sidecar.failure.Failure;
import io.weft.sidecar.failure.FailureKind;
import io.weft.sidecar.failure.FailureResponses;
import io.weft.sidecar.failure.Failures;
import io.weft.sidecar.inbound.IdentityHeaders;
import io.weft.sidecar.inbound.RelayedPeer;
import io.weft.sidecar.observability.RelayedHop;
import io.weft.sidecar.tracing.Hop;
import io.weft.sidecar.transcoding.UnaryJsonCall;

/**
 * One inbound HTTP/2 stream, relayed frame by frame to a stream upstream; the handler of the inbound stream
 * channel ({@code in}, the request side), while {@link ResponseSide} reads the upstream stream ({@code out}).
 * The request's first HEADERS decide where it goes: a gRPC request to a gRPC app is relayed to the app, and a
 * unary JSON call the app's transcoder routes is transcoded here ({@link TranscodedCall}), both under the
 * inbound policy ({@link #relayToApp}, the policy's one place, in order); anything else is passed on to the
 * private Armeria listener, which applies that policy itself ({@link #passToArmeria}).
 *
 * <p>Frames go on as they are read — DATA with its buffer, not copied — and are flushed once per event-loop
 * iteration ({@link FlushBatch}); while the other side cannot take more, this side stops reading. Frames read
 * before the upstream stream is open wait in order. Closing one side closes (resets) the other. Everything
 * runs on the inbound connection's event loop, which the upstream stream shares, so nothing is locked.
 */
final class RelayedStream extends ChannelInboundHandlerAdapter {
    private static final AsciiString HTTP = AsciiString.of("http");
    private static final AsciiString RELAYED_PEER = AsciiString.of(RelayedPeer.HEADER);
    private static final AsciiString FAILURE = AsciiString.of(FailureResponses.FAILURE_HEADER);

    /** Null for a stream that is only passed on (the outbound front's, {@link #passThrough}). */
    @Nullable
    private final InboundPolicy policy;
    /** The gRPC app over h2c; null for an {@code http} app. */
    @Nullable
    private final H2Upstream app;
    private final H2Upstream armeria;
    @Nullable
    private final SpiffeId peer;
    private final Http2StreamChannel in;
    @Nullable
    private Http2StreamChannel out;
    private final ArrayDeque<Http2StreamFrame> early = new ArrayDeque<>(2);
    private boolean started;
    /** The request's language, for an answer of the relay's own. */
    private CallerKind caller = CallerKind.TEXT;
    @Nullable
    private CharSequence contentType;
    /** Where failures say the request was going. */
    private String target = "the inbound listener";

    // The gRPC relay's bookkeeping (passed-on streams are counted and timed by the Armeria path).
    private boolean counted;
    private long startNanos;
    @Nullable
    private ScheduledFuture<?> deadline;
    /** The response's {@code :status} once its headers went out, -1 before. */
    private int status = -1;
    @Nullable
    private String grpcStatus;
    private boolean responseEnded;
    /** The relay answered (denied, timed out, app unreachable): nothing from upstream goes on after. */
    private boolean answered;
    /** The response comes from the app, not from a sidecar's path. */
    private boolean fromApp;
    /** A unary JSON call the front transcodes itself; null for a stream relayed as it is. */
    @Nullable
    private TranscodedCall transcoded;
    /** Answered before the caller's body ended: the rest is read and dropped, then the stream closes. */
    @Nullable
    private LingeringClose lingering;
    /** The caller's request ended (a frame with END_STREAM was read). */
    private boolean requestEnded;
    /**
     * How much more of an HTTP caller's body is read and dropped after the relay's own whole answer (a unary
     * JSON call's message cap); 0 for a gRPC caller, whose stream is reset after its trailers.
     */
    private int lingerCap;
    /** The hop's span and access log entry; null when neither is on, or for a stream passed on to Armeria. */
    @Nullable
    private RelayedHop hop;
    /** Body bytes of the request read and of the response sent, for the access log. */
    private long bytesIn;
    private long bytesOut;
    /** The {@code x-weft-failure} kind of the relay's own answer, if it answered. */
    @Nullable
    private String failure;
    /** A transcoded call's gRPC response ended: its stream closes by itself, no reset for the app. */
    private boolean appEnded;

    RelayedStream(@Nullable InboundPolicy policy, @Nullable H2Upstream app, H2Upstream armeria,
                  @Nullable SpiffeId peer, Http2StreamChannel in) {
        this.policy = policy;
        this.app = app;
        this.armeria = armeria;
        this.peer = peer;
        this.in = in;
    }

    /**
     * A stream passed on as it is to the private Armeria listener at {@code armeria}, headers untouched: the
     * outbound front's streams that it does not relay itself.
     */
    static RelayedStream passThrough(H2Upstream armeria, Http2StreamChannel in) {
        return new RelayedStream(null, null, armeria, null, in);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof Http2DataFrame data && data.isEndStream()
            || msg instanceof Http2HeadersFrame headers && headers.isEndStream()) {
            requestEnded = true;
        }
        if (!(msg instanceof Http2StreamFrame frame) || answered) {
            discard(msg);
            return;
        }
        if (!started) {
            started = true;
            if (!(frame instanceof Http2HeadersFrame headers)) { // the codec lets no stream start otherwise
                ReferenceCountUtil.release(msg);
                in.close();
                return;
            }
            start(headers);
            return;
        }
        if (frame instanceof Http2DataFrame data) {
            bytesIn += data.content().readableBytes();
        }
        final TranscodedCall json = transcoded;
        if (json != null) {
            gather(json, frame);
            return;
        }
        final Http2StreamChannel to = out;
        if (to == null) {
            early.add(frame);
        } else {
            forward(frame, to, in);
        }
    }

    private void start(Http2HeadersFrame first) {
        final Http2Headers headers = first.headers();
        contentType = headers.get(HttpHeaderNames.CONTENT_TYPE);
        caller = CallerKind.of(contentType, headers.get(HttpHeaderNames.ACCEPT));
        if (app == null || policy == null) {
            passToArmeria(first);
        } else if (caller == CallerKind.GRPC) {
            relayToApp(first, app, null);
        } else {
            final UnaryJsonCall json = policy.transcoder() == null ? null
                    : policy.transcoder().unaryCall(str(headers.method()), str(headers.path()), str(contentType));
            if (json != null) {
                relayToApp(first, app, json);
            } else {
                passToArmeria(first);
            }
        }
    }

    /**
     * The inbound policy for a gRPC stream to a gRPC app, or a unary JSON call to one ({@code json}), in the
     * order a request meets it — the same layers, with the same decisions, as {@code RequestPath.inbound}.
     */
    private void relayToApp(Http2HeadersFrame first, H2Upstream app, @Nullable UnaryJsonCall json) {
        final InboundPolicy policy = requireNonNull(this.policy, "policy");
        final Http2Headers headers = first.headers();
        target = policy.appTarget();
        lingerCap = json == null ? 0 : json.maxMessageLength();
        if (!policy.drain().tryStart()) {                       // drain: refuse new requests once shutting down
            answer(Drain.REFUSED);
            return;
        }
        hop = NettyHeaders.observe(policy.observation(), Hop.INBOUND, headers, json == null); // span, access log
        counted = true;                                         // metrics: recorded when the stream closes
        startNanos = System.nanoTime();
        final long nanos = Deadline.of(str(headers.get(GrpcHeaderNames.GRPC_TIMEOUT)), policy.listenerTimeout())
                                   .toNanos();                  // deadline: the hop's one timer
        deadline = in.eventLoop().schedule(this::expire, nanos, TimeUnit.NANOSECONDS);
                                                                // limits: a gRPC stream has no body cap; header
                                                                // lists are capped by the codec's settings
        if (peer == null) {                                     // TLS identity: read once per TLS session
            answer(FailureKind.UNAUTHENTICATED.with(
                    "client certificate required: this listener accepts mesh mTLS only"));
            return;
        }
        IdentityHeaders.reset(headers, peer.uri());             // identity headers: the caller's removed, ours set
        final Failure denied = policy.authorization().check(peer, attributes(headers)); // authorization: intentions
        if (denied != null) {
            answer(denied);
            return;
        }
        fromApp = true;
        if (json != null) {                                     // transcoding: JSON <-> gRPC, then to the app
            final TranscodedCall call = new TranscodedCall(json, first, policy.appAuthority());
            transcoded = call;
            if (call.refusesDeclaredLength()) {
                answerJson(call);
            } else if (first.isEndStream()) {
                callApp(call);
            }
            return;
        }
        headers.authority(policy.appAuthority()).scheme(HTTP);  // to the app: h2c on loopback
        open(app, first);
    }

    /** One frame of a transcoded call's body; once whole, the gRPC call to the app. */
    private void gather(TranscodedCall json, Http2StreamFrame frame) {
        if (!json.gathering()) {
            ReferenceCountUtil.release(frame); // the request ended already
        } else if (json.gather(frame)) {
            callApp(json);
        } else {
            answerJson(json); // when too large
        }
    }

    private void callApp(TranscodedCall json) {
        final Http2HeadersFrame request = json.request(early);
        if (request == null) {
            answerJson(json); // the body made no request message: 400
        } else {
            open(requireNonNull(app, "app"), request);
        }
    }

    /**
     * Writes a transcoded call's JSON answer once it has one. A caller still sending its body (a 413) gets the
     * answer, then the rest is read and dropped: an HTTP client drops an answer it has on a reset.
     */
    private void answerJson(TranscodedCall json) {
        final AggregatedHttpResponse res = json.answer();
        if (answered || res == null) {
            return;
        }
        answered = true;
        json.release();
        releaseEarly();
        if (in.isActive() && !responseEnded) {
            status = StreamAnswers.write(in, res);
            bytesOut += res.content().length();
            failure = res.headers().get(FailureResponses.FAILURE_HEADER);
            responseEnded = true;
        }
        final Http2StreamChannel to = out;
        if (to != null && to.isActive() && !appEnded) {
            to.close(); // an app's response cut short (e.g. a message above the cap): reset its stream
        } else {
            endAfterWholeAnswer(json.maxMessageLength());
        }
    }

    /**
     * Ends {@code in} after the relay's whole answer: a caller still sending its body (at most {@code cap} more
     * bytes) has it read and dropped — an HTTP client drops an answer it has on a reset — else a reset.
     */
    private void endAfterWholeAnswer(int cap) {
        if (!requestEnded && cap > 0 && in.isActive()) {
            lingering = LingeringClose.start(in, cap);
        } else {
            in.close(); // the caller's rest of the request is not wanted: reset after the answer
        }
    }

    /** A request frame after the answer: dropped; a lingering stream closes at the request's end or past the cap. */
    private void discard(Object msg) {
        lingering = LingeringClose.discard(lingering, msg);
    }

    /** The call to the app failed: the failure answered in the language of the call (a transcoded one's is JSON). */
    private void fail(Failure failure) {
        final TranscodedCall json = transcoded;
        if (json != null && !answered) {
            json.failed(failure);
            answerJson(json);
        } else {
            answer(failure);
        }
    }

    /** The method, path and headers L7 intentions look at, as the Armeria path reads them. */
    private static RequestAttributes attributes(Http2Headers headers) {
        return new RequestAttributes(str(headers.method()), RequestAttributes.withoutQuery(str(headers.path())),
                                     name -> {
                                         final List<CharSequence> values = headers.getAll(name);
                                         return values.isEmpty() ? null : String.join(",", values);
                                     });
    }

    /** Anything but gRPC to a gRPC app: to the Armeria inbound path, vouching for the verified caller. */
    private void passToArmeria(Http2HeadersFrame first) {
        final Http2Headers headers = first.headers();
        if (policy != null) { // inbound: nobody but the front vouches for a caller
            IdentityHeaders.removeCallers(headers);
            if (peer != null) {
                headers.set(RELAYED_PEER, policy.relayed().encode(peer));
            }
        }
        headers.scheme(HTTP);
        open(armeria, first);
    }

    private void open(H2Upstream upstream, Http2HeadersFrame first) {
        in.config().setAutoRead(false); // what arrives meanwhile waits in `early`; no more is read
        final RelayedHop observed = hop;
        if (observed != null && policy != null) {
            observed.attempt(policy.appAuthority());
        }
        upstream.open(in.eventLoop(), new ResponseSide()).addListener((Future<Http2StreamChannel> f) -> {
            if (!f.isSuccess()) {
                fail(Failures.classify(f.cause(), target));
                return;
            }
            final Http2StreamChannel opened = f.getNow();
            if (answered || !in.isActive()) {
                opened.close();
                return;
            }
            out = opened;
            forward(new DefaultHttp2HeadersFrame(first.headers(), first.isEndStream()), opened, in);
            for (Http2StreamFrame frame; (frame = early.poll()) != null; ) {
                forward(frame, opened, in);
            }
            in.config().setAutoRead(opened.isWritable());
        });
    }

    /** Passes {@code frame} on to {@code to}; stops reading {@code from} while {@code to} is full. */
    static void forward(Http2StreamFrame frame, Http2StreamChannel to, Channel from) {
        final Http2StreamFrame copy;
        if (frame instanceof Http2HeadersFrame headers) {
            copy = new DefaultHttp2HeadersFrame(headers.headers(), headers.isEndStream());
        } else if (frame instanceof Http2DataFrame data) {
            copy = new DefaultHttp2DataFrame(data.content(), data.isEndStream()); // takes over the buffer
        } else {
            ReferenceCountUtil.release(frame);
            return;
        }
        to.write(copy, to.voidPromise());
        FlushBatch.add(to.parent());
        if (!to.isWritable()) {
            from.config().setAutoRead(false);
        }
    }

    private void expire() {
        deadline = null;
        final LingeringClose rest = lingering;
        if (rest != null) { // the deadline ends a lingering close too
            lingering = null;
            rest.close();
            return;
        }
        answer(Failures.classify(new TimeoutException(), target));
    }

    /**
     * Ends the inbound stream with the relay's own answer in the caller's language: trailers-only (or, when
     * the app's response had started, trailers) for gRPC; then resets the upstream stream, if any. An HTTP
     * caller still sending its body when nothing went upstream (denied, refused) gets the whole answer, then
     * the rest is read and dropped: clients such as Armeria's drop an answer they have on a reset.
     */
    private void answer(Failure failure) {
        if (answered) {
            return;
        }
        answered = true;
        releaseEarly();
        final boolean whole = status < 0;
        if (in.isActive() && !responseEnded) {
            status = StreamAnswers.write(in, caller, str(contentType), failure, status);
            this.failure = failure.kind().headerValue();
            grpcStatus = Integer.toString(failure.kind().grpcCode().value());
        }
        final Http2StreamChannel to = out;
        if (to != null && to.isActive()) {
            to.close(); // resets the upstream stream, which then closes `in`
        } else {
            endAfterWholeAnswer(whole ? lingerCap : 0);
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        final Http2StreamChannel from = out;
        if (from != null) {
            from.config().setAutoRead(in.isWritable());
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        releaseEarly();
        final ScheduledFuture<?> timer = deadline;
        if (timer != null) {
            timer.cancel(false);
        }
        final Http2StreamChannel to = out;
        if (to != null) {
            to.close();
        }
        if (counted && policy != null) {
            counted = false;
            policy.requests().record(peer == null ? "unauthenticated" : peer.service(),
                                     System.nanoTime() - startNanos, status, grpcStatus);
            final RelayedHop observed = hop;
            if (observed != null) {
                hop = null;
                observed.finish(status, grpcStatus, failure, peer == null ? null : peer.uri(), policy.service(),
                                bytesIn, bytesOut);
            }
            policy.drain().finished();
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }

    private void releaseEarly() {
        final TranscodedCall json = transcoded;
        if (json != null) {
            json.release();
        }
        for (Http2StreamFrame frame; (frame = early.poll()) != null; ) {
            ReferenceCountUtil.release(frame);
        }
    }


    /** The upstream stream's handler: the response, passed on to the caller as it arrives. */
    private final class ResponseSide extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (answered || !(msg instanceof Http2StreamFrame frame)) {
                ReferenceCountUtil.release(msg);
                return;
            }
            final TranscodedCall json = transcoded;
            if (json != null) {
                appEnded = frame instanceof Http2DataFrame data ? data.isEndStream()
                           : frame instanceof Http2HeadersFrame h && h.isEndStream();
                json.read(frame);
                answerJson(json); // once the response is whole (or failed)
                return;
            }
            if (frame instanceof Http2HeadersFrame headers) {
                if (fromApp) {
                    // Sidecars' word for their own failures, which callers' sidecars act on (a peer's
                    // "unreachable" is retried as unprocessed, any method): an app may not say it.
                    headers.headers().remove(FAILURE);
                }
                if (status < 0) {
                    final CharSequence s = headers.headers().status();
                    status = s == null ? 0 : AsciiString.of(s).parseInt();
                }
                final CharSequence g = headers.headers().get(GrpcHeaderNames.GRPC_STATUS);
                if (g != null) {
                    grpcStatus = g.toString();
                }
                responseEnded = headers.isEndStream();
            } else if (frame instanceof Http2DataFrame data) {
                responseEnded = data.isEndStream();
                bytesOut += data.content().readableBytes();
            }
            forward(frame, in, ctx.channel());
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
            in.config().setAutoRead(ctx.channel().isWritable());
            ctx.fireChannelWritabilityChanged();
        }

        /** The upstream stream closed: ended, reset, or its connection lost. */
        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (!answered && !responseEnded && status < 0) {
                fail(FailureKind.RESET.with(target + " reset the stream before answering"));
                return;
            }
            in.close();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
