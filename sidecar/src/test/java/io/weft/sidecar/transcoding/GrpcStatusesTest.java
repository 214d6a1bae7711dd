package io.weft.sidecar.transcoding;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import com.linecorp.armeria.common.HttpHeaders;

import io.grpc.Status;

class GrpcStatusesTest {

    @Test
    void standardMapping() {
        assertThat(GrpcStatuses.toHttpStatus(Status.Code.OK).code()).isEqualTo(200);
        assertThat(GrpcStatuses.toHttpStatus(Status.Code.INVALID_ARGUMENT).code()).isEqualTo(400);
        assertThat(GrpcStatuses.toHttpStatus(Status.Code.UNAUTHENTICATED).code()).isEqualTo(401);
        assertThat(GrpcStatuses.toHttpStatus(Status.Code.PERMISSION_DENIED).code()).isEqualTo(403);
        assertThat(GrpcStatuses.toHttpStatus(Status.Code.NOT_FOUND).code()).isEqualTo(404);
        assertThat(GrpcStatuses.toHttpStatus(Status.Code.ALREADY_EXISTS).code()).isEqualTo(409);
        assertThat(GrpcStatuses.toHttpStatus(Status.Code.RESOURCE_EXHAUSTED).code()).isEqualTo(429);
        assertThat(GrpcStatuses.toHttpStatus(Status.Code.CANCELLED).code()).isEqualTo(499);
        assertThat(GrpcStatuses.toHttpStatus(Status.Code.UNKNOWN).code()).isEqualTo(500);
        assertThat(GrpcStatuses.toHttpStatus(Status.Code.INTERNAL).code()).isEqualTo(500);
        assertThat(GrpcStatuses.toHttpStatus(Status.Code.UNIMPLEMENTED).code()).isEqualTo(501);
        assertThat(GrpcStatuses.toHttpStatus(Status.Code.UNAVAILABLE).code()).isEqualTo(503);
        assertThat(GrpcStatuses.toHttpStatus(Status.Code.DEADLINE_EXCEEDED).code()).isEqualTo(504);
    }

    @Test
    void readsAndPercentDecodesTheStatus() {
        final GrpcCallException status = GrpcStatuses.readStatus(
                HttpHeaders.of("grpc-status", "3", "grpc-message", "caf%C3%A9 %zz 100%25"));
        assertThat(status.code()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(status.getMessage()).isEqualTo("café %zz 100%");
        assertThat(GrpcStatuses.readStatus(HttpHeaders.of())).isNull();
        assertThat(GrpcStatuses.readStatus(HttpHeaders.of("grpc-status", "x")).code()).isEqualTo(Status.Code.UNKNOWN);
    }
}
