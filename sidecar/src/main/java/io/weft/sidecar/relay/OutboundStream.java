package io.weft.sidecar.relay;

import static io.weft.sidecar.relay.NettyHeaders.str;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.linecorp.armeria.client.Endpoint;
import com.linecorp.armeria.client.GoAwayReceivedException;
import com.linecorp.armeria.client.UnprocessedRequestException;
import com.linecorp.armeria.common.ClosedSessionException;
import com.linecorp.armeria.common.ContentTooLargeException;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.grpc.protocol.GrpcHeaderNames;
import com.linecorp.armeria.common.stream.ClosedStreamException;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2GoAwayFrame;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2ResetFrame;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamFrame;
import io.netty.util.AsciiString;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.ScheduledFuture;
import io.weft.common.annotation.Nullable;
import io.weft.sidecar.Drain;
import io.weft.sidecar.balancing.RelayedAttempts;
import io.weft.sidecar.deadline.Deadline;
import io.weft.sidecar.failure.CallerKind;
import io.weft.sidecar.failure.Failure;
import io.weft.sidecar.failure.FailureResponses;
import io.weft.sidecar.failure.Failures;
import io.weft.sidecar.observability.RelayedHop;
import io.weft.sidecar.routing.Upstream;
import io.weft.sidecar.tracing.Hop;

/**
 * One stream of the outbound front; the handler of the caller's stream channel ({@code in}). Its first
 * HEADERS decide: a request — gRPC, JSON or other HTTP — whose {@code :authority} names an upstream on its
 * default chain is relayed here to one of the upstream's inbound sidecars over pooled mTLS ({@link #relay}, the
 * policy's one place, in order); anything else is handed to a {@link RelayedStream} that passes it to the
 * private Armeria outbound listener, which answers it as it always did. The relay's own answers (timeout, body
 * too large, no endpoint, a failed last attempt) are in the caller's language: gRPC, JSON or text.
 *
 * <p>Attempts: the first one streams at once. Until an attempt commits (its response headers arrive and are
 * not a retryable trailers-only answer) every request frame is also kept — DATA buffers retained, not copied —
 * up to the cluster's replay limit; a retryable failure before that (connection refused or lost, a refused
 * stream, a GOAWAY, a reset, {@code 503} or trailers-only {@code UNAVAILABLE}) sends the request again, after
 * the backoff, to an endpoint not tried yet, fed what was kept and then the rest. A request past the limit is
 * never retried, and which requests may be sent again at all depends on their kind (gRPC, an idempotent HTTP
 * method), as on the Armeria path. The rules, the budget and the endpoint picking are the cluster's ({@link RelayedAttempts}).
 * One timer, the hop's deadline, covers all attempts. Everything runs on the caller's connection's event loop,
 * which the upstream streams share, so nothing is locked.
 */
final class OutboundStream extends ChannelInboundHandlerAdapter {
    private static final AsciiString HTTPS = AsciiString.of("https");
    private static final String GRPC_UNAVAILABLE = "14";

    private final OutboundPolicy policy;
    private final UpstreamPool pool;
    private final H2Upstream armeria;
    private final Http2StreamChannel in;
    private boolean started;

    // Set once the stream is relayed.
    @Nullable
    private RelayedAttempts attempts;
    private String service = "";
    private Duration connectTimeout = Duration.ZERO;
    private String target = "the upstream";
    private CallerKind caller = CallerKind.GRPC;
    /** The HTTP body's cap, or -1 for a gRPC stream, which has none; {@link #bodyBytes} counts up to it. */
    private long bodyCap = -1;
    private long bodyBytes;
    @Nullable
    private Http2HeadersFrame request;
    private long replayLimit;
    private boolean counted;
    private long startNanos;
    @Nullable
    private ScheduledFuture<?> deadline;

    /**
     * The request's frames: all of them while {@link #replayable} (written to the attempt as duplicates); once
     * not, only those not yet written to an attempt (written as they are).
     */
    private final List<Http2StreamFrame> kept = new ArrayList<>(4);
    private long keptBytes;
    private boolean replayable = true;
    private boolean requestEnded;
    /** The attempt in flight (its stream open or opening), null between attempts. */
    @Nullable
    private Attempt current;
    /** The open stream of {@link #current}. */
    @Nullable
    private Http2StreamChannel out;
    private boolean committed;
    /** The relay answered (deadline, no attempt left): nothing from upstream goes on after. */
    private boolean answered;
    /** After a whole answer to an HTTP caller still sending: its request is read and dropped (see #answer). */
    @Nullable
    private LingeringClose lingering;
    private boolean responseEnded;
    /** The response's {@code :status} once its headers went out, -1 before. */
    private int status = -1;
    @Nullable
    private String grpcStatus;
    /** The hop's span and access log entry; null when neither is on. */
    @Nullable
    private RelayedHop hop;
    /** Body bytes of the request read and of the response passed on, for the access log. */
    private long bytesIn;
    private long bytesOut;
    /** The {@code x-weft-failure} kind of the answer: the relay's own, or an upstream sidecar's passed on. */
    @Nullable
    private String failure;

    OutboundStream(OutboundPolicy policy, UpstreamPool pool, H2Upstream armeria, Http2StreamChannel in) {
        this.policy = policy;
        this.pool = pool;
        this.armeria = armeria;
        this.in = in;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
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
            final Upstream upstream = policy.router().plainUpstream(str(headers.headers().authority()));
            if (upstream == null) {
                // Not ours: the Armeria outbound path, from this very frame on.
                ctx.pipeline().replace(this, null, RelayedStream.passThrough(armeria, in));
                ctx.pipeline().fireChannelRead(frame);
            } else {
                relay(headers, upstream);
            }
            return;
        }
        onRequestFrame(frame);
    }

    /**
     * The outbound policy for a stream to an upstream on its default chain, in the order a request meets it —
     * the same layers, with the same decisions, as {@code RequestPath.outbound}.
     */
    private void relay(Http2HeadersFrame first, Upstream upstream) {
        final Http2Headers headers = first.headers();
        final CharSequence contentType = headers.get(HttpHeaderNames.CONTENT_TYPE);
        caller = CallerKind.of(contentType, headers.get(HttpHeaderNames.ACCEPT));
        request = first;
        service = upstream.service();
        connectTimeout = upstream.connectTimeout();
        target = "service '" + service + '\'';
        if (!policy.drain().tryStart()) {                       // drain: refuse new requests once shutting down
            answer(Drain.REFUSED);
            return;
        }
        hop = NettyHeaders.observe(policy.observation(), Hop.OUTBOUND, headers, caller == CallerKind.GRPC); // span, log
        counted = true;                                         // metrics: by upstream, when the stream closes
        startNanos = System.nanoTime();
        final long nanos = Deadline.of(str(headers.get(GrpcHeaderNames.GRPC_TIMEOUT)), policy.listenerTimeout())
                                   .toNanos();                  // deadline: the hop's one timer, for all attempts
        deadline = in.eventLoop().schedule(this::expire, nanos, TimeUnit.NANOSECONDS);
        if (caller != CallerKind.GRPC) {                        // limits: body cap for HTTP bodies, not gRPC streams
            bodyCap = policy.maxRequestBytes();
            final CharSequence length = headers.get(HttpHeaderNames.CONTENT_LENGTH);
            final long declared = length == null ? -1 : parseLength(length);
            if (declared > bodyCap) {                           // declared too large: answered before sending
                tooLarge(declared);
                return;
            }
        }
        headers.authority(service).scheme(HTTPS);               // routing: the upstream sees the bare service name
        requestEnded = first.isEndStream();
        replayLimit = upstream.cluster().policy().retryReplayLimit();
        final RelayedAttempts tries = upstream.cluster().relayedAttempts(contentType, headers.method()); // retry
        attempts = tries;
        if (requestEnded) {
            tries.requestEnded(false);
        }
        final Endpoint endpoint = tries.first();               // balancing: the cluster's picker, ejected skipped
        if (endpoint == null) {                                 // the endpoints went away since routing
            answer(Failures.classify(UnprocessedRequestException.of(
                    new IllegalStateException("no endpoint left")), target));
            return;
        }
        send(endpoint);                                         // attempt: mTLS to the endpoint's inbound sidecar
    }

    private void send(Endpoint endpoint) {
        final Attempt attempt = new Attempt();
        current = attempt;
        in.config().setAutoRead(false); // what arrives meanwhile is kept; no more is read
        final H2Upstream to = pool.of(service, endpoint, connectTimeout);
        final RelayedHop observed = hop;
        if (observed != null) {
            observed.attempt(endpoint);
        }
        to.open(in.eventLoop(), attempt).addListener((Future<Http2StreamChannel> f) -> {
            if (!f.isSuccess()) {
                attempt.failed(UnprocessedRequestException.of(f.cause()));
                return;
            }
            final Http2StreamChannel opened = f.getNow();
            if (current != attempt || answered || !in.isActive()) {
                opened.close();
                return;
            }
            attempt.stream = opened;
            out = opened;
            final Http2HeadersFrame first = request;
            write(new DefaultHttp2HeadersFrame(first.headers(), first.isEndStream()), opened);
            for (int i = 0; i < kept.size(); i++) {
                write(replayable ? duplicate(kept.get(i)) : kept.get(i), opened);
            }
            if (!replayable) {
                kept.clear(); // written as they were: the stream owns them now
                keptBytes = 0;
            }
            in.config().setAutoRead(opened.isWritable());
        });
    }

    private void onRequestFrame(Http2StreamFrame frame) {
        final RelayedAttempts tries = attempts;
        if (tries == null) {
            ReferenceCountUtil.release(frame);
            return;
        }
        final int size = frame instanceof Http2DataFrame data ? data.content().readableBytes() : 0;
        bytesIn += size;
        if (bodyCap >= 0 && (bodyBytes += size) > bodyCap) {
            ReferenceCountUtil.release(frame);
            tooLarge(bodyBytes);
            return;
        }
        if (frame instanceof Http2DataFrame data) {
            tries.requestData(data.content());
            requestEnded = data.isEndStream();
        } else if (frame instanceof Http2HeadersFrame trailers) {
            requestEnded = trailers.isEndStream();
        } else {
            ReferenceCountUtil.release(frame);
            return;
        }
        if (requestEnded) {
            tries.requestEnded(false);
        }
        final Http2StreamChannel to = out;
        if (replayable) {
            if (keptBytes + size <= replayLimit) {
                kept.add(frame);
                keptBytes += size;
                if (to != null) {
                    write(duplicate(frame), to);
                }
                return;
            }
            notReplayable(); // over the replay limit: this request is never retried
        }
        if (to != null) {
            write(frame, to);
        } else {
            kept.add(frame); // for the attempt being opened
        }
    }

    /** The request can no longer be sent again: what was kept and already written is released. */
    private void notReplayable() {
        replayable = false;
        if (out != null) {
            releaseKept();
        }
    }

    /** A request frame to the attempt's stream; stops reading the caller while that stream is full. */
    private void write(Http2StreamFrame frame, Http2StreamChannel to) {
        RelayedStream.forward(frame, to, in);
    }

    private static Http2StreamFrame duplicate(Http2StreamFrame frame) {
        if (frame instanceof Http2DataFrame data) {
            return new DefaultHttp2DataFrame(data.content().retainedDuplicate(), data.isEndStream());
        }
        final Http2HeadersFrame headers = (Http2HeadersFrame) frame;
        return new DefaultHttp2HeadersFrame(headers.headers(), headers.isEndStream());
    }

    /**
     * After {@code attempt} failed before committing: sends the request again if the rules allow (true), after
     * the backoff; the attempt's stream is reset.
     */
    private boolean retry(Attempt attempt, @Nullable Throwable cause, int status, boolean grpcUnavailable,
                          @Nullable CharSequence weftFailure) {
        final RelayedAttempts tries = attempts;
        if (tries == null || !replayable || answered || !in.isActive()) {
            return false;
        }
        final Endpoint next = tries.retryTarget(cause, status, grpcUnavailable, weftFailure);
        if (next == null) {
            return false;
        }
        attempt.end(cause);
        current = null;
        out = null;
        in.config().setAutoRead(false);
        final Failure fallback = Failures.classify(cause != null ? cause : ClosedSessionException.get(), target);
        final long delay = tries.backoffMillis();
        if (delay <= 0) {
            resend(next, fallback);
        } else {
            in.eventLoop().schedule(() -> resend(next, fallback), delay, TimeUnit.MILLISECONDS);
        }
        return true;
    }

    private void resend(Endpoint endpoint, Failure fallback) {
        final RelayedAttempts tries = attempts;
        if (answered || tries == null || !in.isActive()) {
            return;
        }
        if (!replayable) { // the request passed the replay limit during the backoff
            answer(fallback);
            return;
        }
        tries.begin(endpoint);
        send(endpoint);
    }

    /** The attempt's response headers are being taken: the request is committed, what was kept is let go. */
    private void commit() {
        committed = true;
        replayable = false;
        releaseKept();
    }

    /** The HTTP body passed the cap after {@code transferred} bytes: 413 if no response started, else a reset. */
    private void tooLarge(long transferred) {
        answer(Failures.classify(ContentTooLargeException.builder().maxContentLength(bodyCap)
                                                         .transferred(transferred).build(), target));
    }

    /** A {@code content-length}'s value; a malformed one counts as none here (the upstream's sidecar rejects it). */
    private static long parseLength(CharSequence value) {
        try {
            return Long.parseLong(value.toString().trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private void expire() {
        deadline = null;
        if (answered) { // lingering: the deadline ends that too
            in.close();
            return;
        }
        answer(Failures.classify(new TimeoutException(), target));
    }

    /**
     * Ends the caller's stream with the relay's own answer in its language (trailers-only, or trailers once the
     * response started), then resets the upstream stream, if any.
     */
    private void answer(Failure failure) {
        if (answered) {
            return;
        }
        answered = true;
        releaseKept();
        boolean whole = false;
        if (in.isActive() && !responseEnded) {
            whole = status < 0 || caller == CallerKind.GRPC; // a whole answer, or trailers that end the response
            status = StreamAnswers.write(in, caller, str(request == null ? null
                    : request.headers().get(HttpHeaderNames.CONTENT_TYPE)), failure, status);
            this.failure = failure.kind().headerValue();
            if (caller == CallerKind.GRPC) {
                grpcStatus = Integer.toString(failure.kind().grpcCode().value());
            }
        }
        final Attempt attempt = current;
        if (attempt != null) {
            attempt.end(new CancellationException());
        }
        if (whole && !requestEnded && caller != CallerKind.GRPC && in.isActive()) {
            lingering = LingeringClose.start(in, policy.maxRequestBytes()); // an HTTP client keeps its answer
        } else {
            in.close(); // the rest of the request is not wanted: reset after the answer
        }
    }

    /** A request frame after the relay answered: dropped; the stream ends with the request, or is reset. */
    private void discard(Object msg) {
        lingering = LingeringClose.discard(lingering, msg);
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
        releaseKept();
        final ScheduledFuture<?> timer = deadline;
        if (timer != null) {
            timer.cancel(false);
        }
        final RelayedAttempts tries = attempts;
        if (tries != null && !requestEnded) {
            tries.requestEnded(true);
        }
        final Attempt attempt = current;
        current = null;
        if (attempt != null) {
            attempt.end(responseEnded ? null : new CancellationException());
        }
        if (counted) {
            counted = false;
            policy.requests().record(service, System.nanoTime() - startNanos, status, grpcStatus);
            final RelayedHop observed = hop;
            if (observed != null) {
                hop = null;
                observed.finish(status, grpcStatus, failure, null, service, bytesIn, bytesOut);
            }
            policy.drain().finished();
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }

    private void releaseKept() {
        for (int i = 0; i < kept.size(); i++) {
            ReferenceCountUtil.release(kept.get(i));
        }
        kept.clear();
        keptBytes = 0;
    }


    /**
     * One attempt: the handler of its upstream stream. Its response goes on to the caller once it commits;
     * a failure before that is a retry or the relay's answer. Its outcome is reported once, when it ends.
     */
    private final class Attempt extends ChannelInboundHandlerAdapter {
        @Nullable
        Http2StreamChannel stream;
        private int status;
        private boolean grpcUnavailable;
        @Nullable
        private Throwable cause;
        private boolean ended;

        /** Reports the outcome (once) and resets the stream if it is still open. */
        void end(@Nullable Throwable endCause) {
            if (!ended) {
                ended = true;
                final RelayedAttempts tries = attempts;
                if (tries != null) {
                    tries.ended(cause != null ? cause : endCause, status, grpcUnavailable);
                }
            }
            final Http2StreamChannel s = stream;
            if (s != null && s.isActive()) {
                s.close();
            }
        }

        /** The stream could not be opened: the connection failed or refused it. */
        void failed(Throwable unprocessed) {
            cause = unprocessed;
            if (current != this) {
                end(null);
                return;
            }
            if (!retry(this, unprocessed, -1, false, null)) {
                end(null);
                current = null;
                answer(Failures.classify(unprocessed, target));
            }
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (current != this || answered || !(msg instanceof Http2StreamFrame frame)) {
                ReferenceCountUtil.release(msg);
                return;
            }
            if (frame instanceof Http2HeadersFrame headers) {
                final CharSequence grpc = headers.headers().get(GrpcHeaderNames.GRPC_STATUS);
                if (status == 0) {
                    final CharSequence s = headers.headers().status();
                    final int code = s == null ? 0 : AsciiString.of(s).parseInt();
                    if (code >= 100 && code < 200) { // informational (100 Continue): the app has the request
                        if (!committed) {
                            commit();
                        }
                        OutboundStream.this.status = code; // a response started: a failure now is a reset
                        RelayedStream.forward(frame, in, ctx.channel());
                        return;
                    }
                    status = code;
                }
                grpcUnavailable |= grpc != null && AsciiString.contentEquals(GRPC_UNAVAILABLE, grpc);
                if (!committed) {
                    if ((status == 503 || headers.isEndStream() && grpcUnavailable) &&
                        retry(this, null, status, grpcUnavailable,
                              headers.headers().get(FailureResponses.FAILURE_HEADER))) {
                        ReferenceCountUtil.release(msg);
                        return;
                    }
                    commit();
                }
                OutboundStream.this.status = status;
                if (grpc != null) {
                    grpcStatus = grpc.toString();
                }
                final CharSequence upstreamFailure = headers.headers().get(FailureResponses.FAILURE_HEADER);
                if (upstreamFailure != null) {
                    failure = upstreamFailure.toString();
                }
                responseEnded = headers.isEndStream();
            } else if (frame instanceof Http2DataFrame data) {
                responseEnded = data.isEndStream();
                bytesOut += data.content().readableBytes();
            }
            RelayedStream.forward(frame, in, ctx.channel()); // stops reading this stream while the caller's is full
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof Http2ResetFrame reset) {
                cause = reset.errorCode() == Http2Error.REFUSED_STREAM.code()
                        ? UnprocessedRequestException.of(ClosedStreamException.get())
                        : ClosedStreamException.get();
            } else if (evt instanceof Http2GoAwayFrame) { // beyond its last stream id: never processed
                cause = UnprocessedRequestException.of(GoAwayReceivedException.get());
            }
            ReferenceCountUtil.release(evt);
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
            if (current == this) {
                in.config().setAutoRead(ctx.channel().isWritable());
            }
            ctx.fireChannelWritabilityChanged();
        }

        /** The upstream stream closed: ended, reset, or its connection lost. */
        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (current != this || answered) {
                end(null);
                return;
            }
            if (!committed) {
                final Throwable failure = cause != null ? cause : ClosedSessionException.get();
                cause = failure;
                if (!retry(this, failure, -1, false, null)) {
                    end(null);
                    current = null;
                    out = null;
                    answer(Failures.classify(failure, target));
                }
                return;
            }
            end(responseEnded ? null : ClosedStreamException.get());
            current = null;
            out = null;
            in.close(); // ended, or broken after the response started: the caller's stream ends too
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
