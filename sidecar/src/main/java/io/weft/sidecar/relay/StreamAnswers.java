package io.weft.sidecar.relay;

import static io.weft.sidecar.relay.NettyHeaders.toNetty;

import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpHeaderNames;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.weft.common.annotation.Nullable;
import io.weft.sidecar.failure.CallerKind;
import io.weft.sidecar.failure.Failure;
import io.weft.sidecar.failure.FailureResponses;

/** A relay's own answer on a caller's stream, in the caller's language ({@link FailureResponses}). */
final class StreamAnswers {

    /**
     * Writes {@code failure} on {@code in} (flushed with the loop's batch): the whole answer — trailers-only for
     * gRPC — when no response started ({@code status} is -1), else gRPC trailers; returns the response's status
     * afterwards. The caller closes the stream.
     */
    static int write(Http2StreamChannel in, CallerKind caller, @Nullable String contentType, Failure failure,
                     int status) {
        if (status < 0) {
            final FailureResponses.Answer answer = FailureResponses.answer(caller, contentType, failure);
            writeWhole(in, toNetty(answer.headers()), answer.body());
            status = answer.headers().status().code();
        } else if (caller == CallerKind.GRPC) {
            in.write(new DefaultHttp2HeadersFrame(toNetty(FailureResponses.grpcStatus(failure)), true),
                     in.voidPromise());
        }
        FlushBatch.add(in.parent());
        return status;
    }

    /**
     * Writes a whole answer made elsewhere (a transcoded call's) on {@code in}, with its length, flushed with
     * the loop's batch; returns its status.
     */
    static int write(Http2StreamChannel in, AggregatedHttpResponse answer) {
        final Http2Headers headers = toNetty(answer.headers());
        headers.setInt(HttpHeaderNames.CONTENT_LENGTH, answer.content().length());
        writeWhole(in, headers, answer.content());
        FlushBatch.add(in.parent());
        return answer.status().code();
    }

    /** A whole response: its headers, ending the stream when there is no body, then the body. */
    private static void writeWhole(Http2StreamChannel in, Http2Headers headers, HttpData body) {
        in.write(new DefaultHttp2HeadersFrame(headers, body.isEmpty()), in.voidPromise());
        if (!body.isEmpty()) {
            in.write(new DefaultHttp2DataFrame(Unpooled.wrappedBuffer(body.array()), true), in.voidPromise());
        }
    }

    private StreamAnswers() {}
}
