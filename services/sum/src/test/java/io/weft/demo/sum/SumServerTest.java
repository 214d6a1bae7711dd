package io.weft.demo.sum;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.google.protobuf.ByteString;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.InvalidProtocolBufferException;
import com.linecorp.armeria.client.grpc.GrpcClients;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.testing.junit5.server.ServerExtension;

import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc.HealthBlockingStub;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.reflection.v1.ServiceResponse;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import io.weft.demo.sum.launch.InstanceHeader;
import io.weft.demo.sum.v1.AddRequest;
import io.weft.demo.sum.v1.SumServiceGrpc;
import io.weft.demo.sum.v1.SumServiceGrpc.SumServiceBlockingStub;

/** What the {@code sum} server offers besides the service itself: reflection, health, headers. */
class SumServerTest {

    @RegisterExtension
    static final ServerExtension server = SumTestServers.extension();

    @Test
    void reflectionV1ListsTheSumService() throws Exception {
        final ServerReflectionResponse response = reflectV1(
                ServerReflectionRequest.newBuilder().setListServices("*").build());
        assertThat(response.getListServicesResponse().getServiceList())
                .extracting(ServiceResponse::getName)
                .contains(SumServiceGrpc.SERVICE_NAME, "grpc.health.v1.Health",
                          "grpc.reflection.v1.ServerReflection");
    }

    @Test
    void reflectionV1ServesTheProtoFileWithItsHttpRules() throws Exception {
        final ServerReflectionResponse response = reflectV1(
                ServerReflectionRequest.newBuilder().setFileContainingSymbol(SumServiceGrpc.SERVICE_NAME).build());
        final List<FileDescriptorProto> files = response.getFileDescriptorResponse().getFileDescriptorProtoList()
                                                        .stream().map(SumServerTest::parse).toList();
        assertThat(files).extracting(FileDescriptorProto::getName)
                         .contains("weft/demo/sum/v1/sum.proto", "google/api/annotations.proto");
        final FileDescriptorProto sum = files.stream().filter(f -> "weft/demo/sum/v1/sum.proto".equals(f.getName()))
                                             .findFirst().orElseThrow();
        assertThat(sum.getService(0).getMethodList()).extracting(m -> m.getName())
                                                     .containsExactly("Add", "Accumulate", "Range", "RunningSum");
        // The google.api.http rule travels as an option; the sidecar transcodes with it.
        assertThat(sum.getService(0).getMethod(0).getOptions().toString()).contains("/v1/sum");
    }

    @Test
    void reflectionV1alphaListsTheSumServiceToo() throws Exception {
        final StreamRecorder<io.grpc.reflection.v1alpha.ServerReflectionResponse> response =
                new StreamRecorder<>();
        final StreamObserver<io.grpc.reflection.v1alpha.ServerReflectionRequest> requests =
                GrpcClients.newClient(server.httpUri(),
                                      io.grpc.reflection.v1alpha.ServerReflectionGrpc.ServerReflectionStub.class)
                           .serverReflectionInfo(response);
        requests.onNext(io.grpc.reflection.v1alpha.ServerReflectionRequest.newBuilder().setListServices("*")
                                                                          .build());
        requests.onCompleted();
        assertThat(response.next().getListServicesResponse().getServiceList())
                .extracting(io.grpc.reflection.v1alpha.ServiceResponse::getName)
                .contains(SumServiceGrpc.SERVICE_NAME);
    }

    @Test
    void healthIsServingForTheServerAndTheService() {
        final HealthBlockingStub health = GrpcClients.newClient(server.httpUri(), HealthBlockingStub.class);
        assertThat(health.check(HealthCheckRequest.getDefaultInstance()).getStatus())
                .isEqualTo(ServingStatus.SERVING);
        assertThat(health.check(HealthCheckRequest.newBuilder().setService(SumServiceGrpc.SERVICE_NAME).build())
                         .getStatus())
                .isEqualTo(ServingStatus.SERVING);
    }

    @Test
    void healthOfAnUnknownServiceIsNotFound() {
        final HealthBlockingStub health = GrpcClients.newClient(server.httpUri(), HealthBlockingStub.class);
        assertThatThrownBy(() -> health.check(HealthCheckRequest.newBuilder().setService("nope.Service").build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND));
    }

    @Test
    void everyGrpcResponseCarriesTheInstanceHeader() {
        final Metadata.Key<String> key = Metadata.Key.of(InstanceHeader.NAME, Metadata.ASCII_STRING_MARSHALLER);
        final AtomicReference<Metadata> headers = new AtomicReference<>();
        final AtomicReference<Metadata> trailers = new AtomicReference<>();
        final SumServiceBlockingStub stub =
                GrpcClients.builder(server.httpUri())
                           .intercept(MetadataUtils.newCaptureMetadataInterceptor(headers, trailers))
                           .build(SumServiceBlockingStub.class);

        stub.add(AddRequest.newBuilder().setA(1).setB(2).build());
        assertThat(headers.get().get(key)).isEqualTo(SumTestServers.INSTANCE_ID);

        // An error is a trailers-only response: the header travels there.
        headers.set(null);
        assertThatThrownBy(() -> stub.add(AddRequest.newBuilder().setA(Long.MAX_VALUE).setB(1).build()))
                .isInstanceOf(StatusRuntimeException.class);
        final Metadata where = headers.get() != null ? headers.get() : trailers.get();
        assertThat(where.get(key)).isEqualTo(SumTestServers.INSTANCE_ID);
    }

    @Test
    void plainHttpResponsesCarryTheInstanceHeaderToo() {
        final AggregatedHttpResponse response = server.blockingWebClient().get("/no-such-path");
        assertThat(response.status()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(response.headers().get(InstanceHeader.NAME)).isEqualTo(SumTestServers.INSTANCE_ID);
    }

    @Test
    void jsonTranscodingAndUnframedRequestsAreOff() {
        // The mesh sidecar transcodes; the app must stay plain gRPC.
        assertThat(server.blockingWebClient().get("/v1/sum/1/2").status()).isEqualTo(HttpStatus.NOT_FOUND);
        final AggregatedHttpResponse unframed = server.blockingWebClient().execute(
                RequestHeaders.builder(HttpMethod.POST, "/weft.demo.sum.v1.SumService/Add")
                              .contentType(MediaType.JSON_UTF_8).build(),
                "{\"a\":1,\"b\":2}");
        assertThat(unframed.status()).isEqualTo(HttpStatus.UNSUPPORTED_MEDIA_TYPE);
    }

    private static ServerReflectionResponse reflectV1(ServerReflectionRequest request) throws Exception {
        final StreamRecorder<ServerReflectionResponse> response = new StreamRecorder<>();
        final StreamObserver<ServerReflectionRequest> requests =
                GrpcClients.newClient(server.httpUri(), ServerReflectionGrpc.ServerReflectionStub.class)
                           .serverReflectionInfo(response);
        requests.onNext(request);
        requests.onCompleted();
        return response.next();
    }

    private static FileDescriptorProto parse(ByteString bytes) {
        try {
            return FileDescriptorProto.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException(e);
        }
    }
}
