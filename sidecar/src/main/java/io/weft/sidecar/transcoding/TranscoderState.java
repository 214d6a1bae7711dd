package io.weft.sidecar.transcoding;

import java.time.Instant;
import java.util.List;

import io.weft.common.annotation.Nullable;

/**
 * What the transcoder knows, for the admin {@code /config} page. Immutable.
 *
 * @param ready whether the app's descriptors are loaded (JSON calls are served)
 * @param version the descriptor version, 0 before the first load; +1 each time they change
 * @param services the app's services (full names), e.g. {@code weft.demo.sum.v1.SumService}
 * @param methods the app's methods as gRPC paths, e.g. {@code /weft.demo.sum.v1.SumService/Add}
 * @param routes the REST routes, e.g. {@code GET /v1/sum/{a}/{b} -> /weft.demo.sum.v1.SumService/Add}
 * @param problems HTTP rules that were skipped, with the reason
 * @param reflection the reflection method used ({@code /grpc.reflection.v1...})
 * @param loadedAt when the current descriptors were loaded, {@code null} before the first load
 * @param lastCheck when reflection was last asked, successfully or not
 * @param lastError the last reflection failure, {@code null} if the last attempt succeeded
 */
public record TranscoderState(boolean ready, long version, List<String> services, List<String> methods,
                              List<String> routes,
                              List<String> problems, String reflection, @Nullable Instant loadedAt,
                              @Nullable Instant lastCheck, @Nullable String lastError) {

    public TranscoderState {
        services = List.copyOf(services);
        methods = List.copyOf(methods);
        routes = List.copyOf(routes);
        problems = List.copyOf(problems);
    }
}
