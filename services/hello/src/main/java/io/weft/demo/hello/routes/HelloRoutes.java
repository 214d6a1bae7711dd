package io.weft.demo.hello.routes;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.RequestHeaders;
import io.weft.common.annotation.Nullable;
import com.linecorp.armeria.common.util.Exceptions;
import com.linecorp.armeria.server.annotation.Get;
import com.linecorp.armeria.server.annotation.Param;

import io.weft.demo.hello.upstream.SumClient;
import io.weft.demo.hello.upstream.UpstreamException;

/**
 * {@code GET /}, {@code GET /greet} and {@code GET /sum}, as an Armeria annotated service; and, to try a
 * mesh's retries and timeouts, {@code GET /status/{code}} and {@code GET /delay/{millis}}.
 */
public final class HelloRoutes {

    /** The longest {@code name} {@code /greet} accepts, in characters (code points). */
    public static final int MAX_NAME_LENGTH = 256;

    /** The longest {@code /delay} answers after, in milliseconds. */
    public static final long MAX_DELAY_MILLIS = 60_000;

    /**
     * The trace context headers (W3C and B3) {@code /sum} copies onto its call to {@code sum}: what every
     * app in a mesh must do for the sidecars' spans of one request to form one trace.
     */
    static final List<String> TRACE_HEADERS = List.of("traceparent", "tracestate", "b3", "x-b3-traceid",
                                                      "x-b3-spanid", "x-b3-parentspanid", "x-b3-sampled",
                                                      "x-b3-flags");

    private final String instanceId;
    private final SumClient sum;

    public HelloRoutes(String instanceId, SumClient sum) {
        this.instanceId = requireNonNull(instanceId, "instanceId");
        this.sum = requireNonNull(sum, "sum");
    }

    @Get("/")
    public HttpResponse hello() {
        return HttpResponse.of(HttpStatus.OK, MediaType.PLAIN_TEXT_UTF_8, "Hello, world!");
    }

    /** {@code ?name=Ada}; a missing or empty name greets the world. */
    @Get("/greet")
    public HttpResponse greet(@Param("name") @Nullable String name) {
        final String who = name == null || name.isEmpty() ? "world" : name;
        final int length = who.codePointCount(0, who.length());
        if (length > MAX_NAME_LENGTH) {
            return badRequest("name: " + length + " characters (expected: at most " + MAX_NAME_LENGTH + ')');
        }
        return HttpResponse.ofJson(new Bodies.Greeting("Hello, " + who + '!', instanceId));
    }

    /**
     * {@code /status/503}: answers with that status, to try a mesh's retries; with {@code ?on=hello-2}, only
     * the named instance does and every other answers 200 (one failing instance among healthy ones).
     */
    @Get("/status/{code}")
    public HttpResponse status(@Param("code") int code, @Param("on") @Nullable String on) {
        if (code < 200 || code > 599) {
            return badRequest("code: " + code + " (expected: 200-599)");
        }
        final int answer = on == null || on.equals(instanceId) ? code : 200;
        return HttpResponse.ofJson(HttpStatus.valueOf(answer), new Bodies.Status(answer, instanceId));
    }

    /** {@code /delay/500}: answers after that many milliseconds (at most a minute), to try a mesh's timeouts. */
    @Get("/delay/{millis}")
    public HttpResponse delay(@Param("millis") long millis) {
        if (millis < 0 || millis > MAX_DELAY_MILLIS) {
            return badRequest("millis: " + millis + " (expected: 0-" + MAX_DELAY_MILLIS + ')');
        }
        return HttpResponse.delayed(HttpResponse.ofJson(new Bodies.Status(200, instanceId)), Duration.ofMillis(millis));
    }

    /** {@code ?a=1&b=2}: asks {@code sum} and answers when it has. */
    @Get("/sum")
    public HttpResponse sum(@Param("a") @Nullable String a, @Param("b") @Nullable String b,
                            RequestHeaders headers) {
        final long left;
        final long right;
        try {
            left = operand("a", a);
            right = operand("b", b);
        } catch (IllegalArgumentException e) {
            return badRequest(e.getMessage());
        }
        return HttpResponse.of(sum.add(left, right, traceHeaders(headers)).handle((reply, cause) -> {
            if (cause == null) {
                return HttpResponse.ofJson(new Bodies.Sum(left, right, reply.sum(), reply.servedBy()));
            }
            final Throwable peeled = Exceptions.peel(cause);
            if (peeled instanceof UpstreamException upstreamFailure) {
                return UpstreamErrors.toResponse(upstreamFailure);
            }
            return HttpResponse.ofFailure(peeled);
        }));
    }

    private static Map<String, String> traceHeaders(RequestHeaders headers) {
        final Map<String, String> forwarded = new HashMap<>();
        for (String name : TRACE_HEADERS) {
            final String value = headers.get(name);
            if (value != null) {
                forwarded.put(name, value);
            }
        }
        return forwarded;
    }

    private static long operand(String name, @Nullable String value) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException(name + ": missing (expected: a 64-bit integer, e.g. /sum?a=1&b=2)");
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + ": " + value + " (expected: a 64-bit integer)");
        }
    }

    private static HttpResponse badRequest(String message) {
        return HttpResponse.ofJson(HttpStatus.BAD_REQUEST, new Bodies.Error(message));
    }
}
