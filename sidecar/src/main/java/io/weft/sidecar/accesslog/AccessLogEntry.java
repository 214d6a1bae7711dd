package io.weft.sidecar.accesslog;

import java.io.IOException;
import java.time.Instant;

import com.fasterxml.jackson.core.JsonGenerator;

import io.weft.common.annotation.Nullable;

/**
 * One request on one hop, as logged. Rendered as one JSON object whose keys are these components' names
 * in snake case; absent values are {@code null}.
 *
 * @param startMicros when the request arrived, epoch microseconds ({@code time}: ISO-8601 UTC)
 * @param direction {@code inbound}, {@code outbound} or {@code edge}
 * @param durationNanos arrival to the end of the response ({@code duration_ms}, fractional)
 * @param status the HTTP status sent back, 0 when none was
 * @param grpcStatus the {@code grpc-status} sent back, {@code null} for plain HTTP
 * @param bytesIn request body bytes, {@code bytesOut} response body bytes
 * @param upstreamEndpoint {@code host:port} of the last attempt (outbound, edge; inbound: the app)
 * @param peer the caller's SPIFFE ID (inbound)
 * @param retries attempts after the first
 * @param traceId the hop's trace id, hex
 * @param failure the {@code x-weft-failure} kind when the sidecar answered for the upstream
 */
public record AccessLogEntry(long startMicros, String direction, String method, @Nullable String authority,
                             String path, int status, @Nullable String grpcStatus, long durationNanos,
                             long bytesIn, long bytesOut, @Nullable String upstream,
                             @Nullable String upstreamEndpoint, @Nullable String peer, int retries,
                             @Nullable String traceId, @Nullable String failure) {

    void writeTo(JsonGenerator json) throws IOException {
        json.writeStartObject();
        json.writeStringField("time", Instant.ofEpochSecond(startMicros / 1_000_000,
                                                             (startMicros % 1_000_000) * 1000).toString());
        json.writeStringField("direction", direction);
        json.writeStringField("method", method);
        json.writeStringField("authority", authority);
        json.writeStringField("path", path);
        json.writeNumberField("status", status);
        json.writeStringField("grpc_status", grpcStatus);
        json.writeNumberField("duration_ms", durationNanos / 1_000_000.0);
        json.writeNumberField("bytes_in", bytesIn);
        json.writeNumberField("bytes_out", bytesOut);
        json.writeStringField("upstream", upstream);
        json.writeStringField("upstream_endpoint", upstreamEndpoint);
        json.writeStringField("peer", peer);
        json.writeNumberField("retries", retries);
        json.writeStringField("trace_id", traceId);
        json.writeStringField("failure", failure);
        json.writeEndObject();
    }
}
