package io.weft.sidecar.relay;

import java.util.Map;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.util.AsciiString;
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
            final boolean body = !answer.body().isEmpty();
            in.write(new DefaultHttp2HeadersFrame(toNetty(answer.headers()), !body), in.voidPromise());
            if (body) {
                in.write(new DefaultHttp2DataFrame(Unpooled.wrappedBuffer(answer.body().array()), true),
                         in.voidPromise());
            }
            status = answer.headers().status().code();
        } else if (caller == CallerKind.GRPC) {
            in.write(new DefaultHttp2HeadersFrame(toNetty(FailureResponses.grpcStatus(failure)), true),
                     in.voidPromise());
        }
        FlushBatch.add(in.parent());
        return status;
    }

    private static Http2Headers toNetty(com.linecorp.armeria.common.HttpHeaders headers) {
        final Http2Headers h2 = new DefaultHttp2Headers(false, headers.size());
        for (Map.Entry<AsciiString, String> header : headers) {
            h2.add(header.getKey(), header.getValue());
        }
        return h2;
    }

    private StreamAnswers() {}
}
