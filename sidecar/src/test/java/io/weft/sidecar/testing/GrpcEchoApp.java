package io.weft.sidecar.testing;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpHeaders;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.server.Server;

import io.weft.common.netty.BossGroups;

/**
 * A gRPC app at the wire level, over h2c: answers every call with the request's body as it came (length
 * prefixes included, so any message size goes through) and {@code grpc-status: 0}. It reports what reached
 * it in response headers ({@code x-seen-<name>} for the identity and forwarding headers a test asks about,
 * {@code none} when absent), waits {@code x-test-delay-ms} before answering when asked, and counts the
 * calls whose caller went away before the answer ({@link #cancelled()}).
 */
public final class GrpcEchoApp {
    public static final String DELAY_HEADER = "x-test-delay-ms";
    private static final String[] REPORTED = { "x-weft-peer-identity", "x-weft-relayed-peer", "x-forwarded-for",
                                               "grpc-timeout" };

    private final AtomicInteger cancelled = new AtomicInteger();
    private final Server server;

    public GrpcEchoApp() {
        server = BossGroups.applyTo(Server.builder()).http(0).requestTimeout(Duration.ZERO).maxRequestLength(0)
                       .serviceUnder("/", (ctx, req) -> {
                           ctx.log().whenComplete().thenAccept(log -> {
                               if (log.responseCause() != null) {
                                   cancelled.incrementAndGet();
                               }
                           });
                           final String delay = req.headers().get(DELAY_HEADER);
                           final HttpResponse echo = HttpResponse.of(req.aggregate().thenApply(agg -> {
                               final var headers = ResponseHeaders.builder(200)
                                                                  .contentType(agg.contentType());
                               for (String name : REPORTED) {
                                   final String value = agg.headers().get(name);
                                   headers.add("x-seen-" + name, value == null ? "none" : value);
                               }
                               return HttpResponse.of(headers.build(), HttpData.wrap(agg.content().array()),
                                                      HttpHeaders.of("grpc-status", "0"));
                           }));
                           return delay == null ? echo
                                                : HttpResponse.delayed(echo, Duration.ofMillis(Long.parseLong(delay)),
                                                                       ctx.eventLoop());
                       })
                       .build();
    }

    public Server server() {
        return server;
    }

    /** Calls whose response was cut off (the caller, here a sidecar, reset the stream). */
    public int cancelled() {
        return cancelled.get();
    }
}
