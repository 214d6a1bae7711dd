package io.weft.sidecar.transcoding;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.InvalidProtocolBufferException;

import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.common.util.Exceptions;

import io.grpc.Status;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.reflection.v1.ServiceResponse;

/**
 * Asks the app for its descriptors by gRPC server reflection, over the given client (H2C to the app
 * on loopback), without blocking: one stream lists the services, a second asks for the file of
 * each service (reflection answers with the file and its dependencies), more only if a dependency
 * is still missing.
 *
 * <p>{@code grpc.reflection.v1} first; if the app answers UNIMPLEMENTED, {@code v1alpha}, and that
 * choice is remembered. Both versions have the same messages on the wire (v1 is v1alpha renamed),
 * so the v1 classes encode and decode for both.
 */
final class ReflectionClient implements AppDescriptors.Source {

    static final String V1 = "/grpc.reflection.v1.ServerReflection/ServerReflectionInfo";
    static final String V1ALPHA = "/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo";
    private static final int MAX_DEPENDENCY_ROUNDS = 8;

    private final WebClient app;
    private final int maxMessageLength;
    private volatile String path = V1;

    ReflectionClient(WebClient app, int maxMessageLength) {
        this.app = app;
        this.maxMessageLength = maxMessageLength;
    }

    /** Which reflection version the app speaks, as far as we know. */
    @Override
    public String describe() {
        return path;
    }

    /**
     * Fetches the app's descriptors. Completes exceptionally with a {@link GrpcCallException}
     * (UNAVAILABLE if the app cannot be reached, UNIMPLEMENTED if it has no reflection, ...).
     */
    @Override
    public CompletableFuture<AppDescriptors> fetch() {
        return call(List.of(ServerReflectionRequest.newBuilder().setListServices("").build()))
                .thenCompose(responses -> {
                    final List<String> services = new ArrayList<>();
                    for (ServerReflectionResponse response : responses) {
                        checkNoError(response, "list_services");
                        response.getListServicesResponse().getServiceList().stream()
                                .map(ServiceResponse::getName).forEach(services::add);
                    }
                    final List<ServerReflectionRequest> requests = services.stream().map(
                            name -> ServerReflectionRequest.newBuilder().setFileContainingSymbol(name).build())
                                                                           .toList();
                    return collectFiles(requests, new LinkedHashMap<>(), 0)
                            .thenApply(files -> new AppDescriptors(services, files));
                });
    }

    private CompletableFuture<Map<String, FileDescriptorProto>> collectFiles(
            List<ServerReflectionRequest> requests, Map<String, FileDescriptorProto> files, int round) {
        if (requests.isEmpty()) {
            return CompletableFuture.completedFuture(files);
        }
        if (round >= MAX_DEPENDENCY_ROUNDS) {
            throw new GrpcCallException(Status.Code.INTERNAL, "server reflection: dependencies still missing after " +
                                                              round + " rounds: " + requests);
        }
        return call(requests).thenCompose(responses -> {
            for (ServerReflectionResponse response : responses) {
                checkNoError(response, response.getOriginalRequest().getMessageRequestCase().name().toLowerCase());
                try {
                    for (FileDescriptorProto file : DescriptorSets.parse(
                            response.getFileDescriptorResponse().getFileDescriptorProtoList())) {
                        files.putIfAbsent(file.getName(), file);
                    }
                } catch (InvalidProtocolBufferException e) {
                    throw new GrpcCallException(Status.Code.INTERNAL,
                                                "server reflection sent an invalid FileDescriptorProto: " + e.getMessage());
                }
            }
            final Set<String> missing = DescriptorSets.missingDependencies(files);
            final List<ServerReflectionRequest> next = missing.stream().sorted().map(
                    name -> ServerReflectionRequest.newBuilder().setFileByFilename(name).build()).toList();
            return collectFiles(next, files, round + 1);
        });
    }

    private static void checkNoError(ServerReflectionResponse response, String request) {
        if (response.hasErrorResponse()) {
            throw new GrpcCallException(
                    Status.fromCodeValue(response.getErrorResponse().getErrorCode()).getCode(),
                    "server reflection " + request + ": " + response.getErrorResponse().getErrorMessage());
        }
    }

    /**
     * One reflection stream: every request, half-close, read every response. On UNIMPLEMENTED the
     * other reflection version is tried, and the one that answers is remembered.
     */
    private CompletableFuture<List<ServerReflectionResponse>> call(List<ServerReflectionRequest> requests) {
        final String current = path;
        return call(current, requests).handle((responses, cause) -> {
            if (cause == null) {
                return CompletableFuture.completedFuture(responses);
            }
            final Throwable peeled = Exceptions.peel(cause);
            if (peeled instanceof GrpcCallException e && e.code() == Status.Code.UNIMPLEMENTED) {
                final String other = V1.equals(current) ? V1ALPHA : V1;
                return call(other, requests).thenApply(answered -> {
                    path = other;
                    return answered;
                });
            }
            return CompletableFuture.<List<ServerReflectionResponse>>failedFuture(peeled);
        }).thenCompose(future -> future);
    }

    private CompletableFuture<List<ServerReflectionResponse>> call(String path,
                                                                  List<ServerReflectionRequest> requests) {
        final RequestHeaders headers = RequestHeaders.builder(HttpMethod.POST, path)
                                                     .set(HttpHeaderNames.CONTENT_TYPE, "application/grpc")
                                                     .set(HttpHeaderNames.TE, "trailers")
                                                     .set("grpc-accept-encoding", "identity")
                                                     .build();
        final byte[] body = GrpcFrames.frame(requests.stream().map(ServerReflectionRequest::toByteArray).toList());
        return app.execute(headers, HttpData.wrap(body)).aggregate().handle((response, cause) -> {
            if (cause != null) {
                throw UpstreamFailures.toGrpc(cause, app);
            }
            return decode(path, response);
        });
    }

    private List<ServerReflectionResponse> decode(String path, AggregatedHttpResponse response) {
        GrpcCallException status = GrpcStatuses.readStatus(response.trailers());
        if (status == null) {
            status = GrpcStatuses.readStatus(response.headers());
        }
        if (status == null && response.status() != HttpStatus.OK) {
            status = new GrpcCallException(GrpcStatuses.fromHttpStatus(response.status().code()),
                                           "server reflection: the app answered HTTP " + response.status());
        }
        if (status == null) {
            status = new GrpcCallException(Status.Code.INTERNAL, "server reflection: no grpc-status from the app");
        }
        if (status.code() != Status.Code.OK) {
            throw new GrpcCallException(status.code(), "server reflection (" + path + "): " + status.getMessage());
        }
        final List<ServerReflectionResponse> responses = new ArrayList<>();
        for (byte[] message : new GrpcFrames.Deframer(maxMessageLength).add(response.content().array())) {
            try {
                responses.add(ServerReflectionResponse.parseFrom(message));
            } catch (InvalidProtocolBufferException e) {
                throw new GrpcCallException(Status.Code.INTERNAL, "server reflection: invalid response: " +
                                                                  e.getMessage());
            }
        }
        return responses;
    }
}
