package io.weft.demo.hello.routes;

import io.weft.common.annotation.Nullable;

/** The JSON bodies {@code hello} answers with; Jackson writes each record's fields in declaration order. */
final class Bodies {

    /** {@code GET /greet}. */
    record Greeting(String message, String instance) {}

    /** {@code GET /sum}. */
    record Sum(long a, long b, long sum, @Nullable String servedBy) {}

    /** {@code GET /status/{code}} and {@code GET /delay/{millis}}. */
    record Status(int status, String instance) {}

    /** Any 4xx caused by the request itself. */
    record Error(String error) {}

    /** A failed call to {@code sum}. */
    record UpstreamError(String error, String upstream, String grpcStatus) {}

    private Bodies() {}
}
