package io.weft.controlplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.grpc.Status;
import io.weft.controlplane.testing.ControlPlaneExtension;
import io.weft.controlplane.testing.StreamClient;
import io.weft.protocol.v1.Ack;
import io.weft.protocol.v1.ControlMessage;
import io.weft.protocol.v1.ResourceType;
import io.weft.protocol.v1.SidecarMessage;

/** Every way a sidecar can be refused, each with its status. One control plane for the class. */
class StreamRefusalTest {

    @RegisterExtension
    static final ControlPlaneExtension controlPlanes = new ControlPlaneExtension();
    private static ControlPlane controlPlane;

    @BeforeAll
    static void setUp() {
        controlPlane = controlPlanes.startControlPlane(
                controlPlanes.config().bootstrapToken("sum", "sum-only-token").build());
    }

    private static Status refusedAfter(java.util.function.Consumer<StreamClient> conversation) throws Exception {
        try (StreamClient client = controlPlanes.connect()) {
            conversation.accept(client);
            return client.awaitClosed();
        }
    }

    @Test
    void wrongTokenIsUnauthenticated() throws Exception {
        final Status status = refusedAfter(c -> c.hello(StreamClient.hello("hello", "not-the-token")));
        assertThat(status.getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
        assertThat(status.getDescription()).contains("bootstrap token not valid for service hello");
    }

    @Test
    void perServiceTokenIsNotValidForAnotherService() throws Exception {
        assertThat(refusedAfter(c -> c.hello(StreamClient.hello("hello", "sum-only-token"))).getCode())
                .isEqualTo(Status.Code.UNAUTHENTICATED);
        // ...and the shared token is no longer valid for a service that has its own.
        assertThat(refusedAfter(c -> c.hello(StreamClient.hello("sum", ControlPlaneExtension.TOKEN))).getCode())
                .isEqualTo(Status.Code.UNAUTHENTICATED);
    }

    @Test
    void perServiceTokenIsAccepted() throws Exception {
        try (StreamClient client = controlPlanes.connect()) {
            client.hello(StreamClient.hello("sum", "sum-only-token"));
            client.await(ControlMessage::hasTrustBundle);
            assertThat(client.isClosed()).isFalse();
        }
    }

    @Test
    void anythingBeforeHelloIsUnauthenticated() throws Exception {
        final Status status = refusedAfter(c -> c.csr(controlPlanes.csrFor("hello")));
        assertThat(status.getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
        assertThat(status.getDescription()).contains("first message must be Hello");
    }

    @Test
    void csrForAnotherServiceIsPermissionDenied() throws Exception {
        final Status status = refusedAfter(c -> c.hello(StreamClient.hello("hello", ControlPlaneExtension.TOKEN))
                                                 .csr(controlPlanes.csrFor("sum")));
        assertThat(status.getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
        assertThat(status.getDescription()).contains("SERVICE_NOT_ENTITLED");
    }

    @Test
    void csrForAnotherTrustDomainIsPermissionDenied() throws Exception {
        final Status status = refusedAfter(c -> c.hello(StreamClient.hello("hello", ControlPlaneExtension.TOKEN))
                                                 .csr(StreamClient.csrFor("evil.example", "dc1", "hello")));
        assertThat(status.getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
        assertThat(status.getDescription()).contains("WRONG_TRUST_DOMAIN");
    }

    @Test
    void malformedCsrIsInvalidArgumentNamingTheProblem() throws Exception {
        final Status status = refusedAfter(c -> c.hello(StreamClient.hello("hello", ControlPlaneExtension.TOKEN))
                                                 .csr("-----BEGIN CERTIFICATE REQUEST-----\nbm9wZQ==\n" +
                                                      "-----END CERTIFICATE REQUEST-----\n"));
        assertThat(status.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(status.getDescription()).contains("MALFORMED_CSR");

        final Status empty =
                refusedAfter(c -> c.hello(StreamClient.hello("hello", ControlPlaneExtension.TOKEN)).csr(""));
        assertThat(empty.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    }

    @Test
    void invalidServiceNameIsInvalidArgument() throws Exception {
        final Status status = refusedAfter(c -> c.hello(StreamClient.hello("", ControlPlaneExtension.TOKEN)));
        assertThat(status.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(status.getDescription()).contains("Hello.service");
    }

    @Test
    void secondHelloIsInvalidArgument() throws Exception {
        final Status status = refusedAfter(c -> c.hello(StreamClient.hello("hello", ControlPlaneExtension.TOKEN))
                                                 .hello(StreamClient.hello("hello", ControlPlaneExtension.TOKEN)));
        assertThat(status.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    }

    @Test
    void nacksAreRecordedNotFatal() throws Exception {
        try (StreamClient client = StreamClient.connectWithoutAcks(controlPlane.streamPort(),
                                                                   controlPlane.rootCaPemFile())) {
            client.hello(StreamClient.hello("gateway", ControlPlaneExtension.TOKEN));
            final ControlMessage bundle = client.await(ControlMessage::hasTrustBundle);
            client.send(SidecarMessage.newBuilder().setAck(
                    Ack.newBuilder().setType(ResourceType.TRUST_BUNDLE)
                       .setVersion(bundle.getTrustBundle().getVersion()).setError("cannot parse root")).build());
            await().untilAsserted(() -> assertThat(controlPlane.sidecars())
                    .anySatisfy(s -> {
                        assertThat(s.service()).isEqualTo("gateway");
                        assertThat(s.resources().get("trust_bundle").nackError()).isEqualTo("cannot parse root");
                    }));
            assertThat(client.isClosed()).isFalse();
        }
    }
}
