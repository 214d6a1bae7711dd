package io.weft.sidecar.tracing;

import io.weft.common.annotation.Nullable;

/**
 * What happened on one hop, as the transport saw it when the exchange ended.
 *
 * @param method the request method ({@code POST} for gRPC)
 * @param path the request path without the query ({@code /pkg.Service/Method} for gRPC)
 * @param grpc whether the request was a gRPC call (the span is then named by its path)
 * @param startMicros when the request arrived, epoch microseconds
 * @param durationNanos from arrival to the end of the response
 * @param httpStatus the response status sent to the caller; 0 when none was sent
 * @param grpcStatus the {@code grpc-status} sent to the caller, {@code null} for plain HTTP
 * @param peer the caller's verified SPIFFE ID (inbound), {@code null} when unknown
 * @param upstream the service the hop forwarded to (outbound, edge), {@code null} when not routed
 * @param endpoint the {@code host:port} of the last attempt, {@code null} when none was sent
 * @param retries attempts after the first
 * @param error what went wrong ({@code x-weft-failure} kind, exception, 5xx), {@code null} on success
 */
public record HopOutcome(String method, String path, boolean grpc, long startMicros, long durationNanos,
                         int httpStatus, @Nullable String grpcStatus, @Nullable String peer,
                         @Nullable String upstream, @Nullable String endpoint, int retries,
                         @Nullable String error) {}
