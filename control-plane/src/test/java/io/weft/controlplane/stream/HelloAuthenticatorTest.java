package io.weft.controlplane.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.grpc.Status;
import io.grpc.StatusException;
import io.weft.controlplane.auth.BootstrapTokens;
import io.weft.protocol.v1.Ack;
import io.weft.protocol.v1.Hello;
import io.weft.protocol.v1.SidecarMessage;

class HelloAuthenticatorTest {

    private final HelloAuthenticator hellos =
            new HelloAuthenticator(new BootstrapTokens("shared", Map.of("sum", "sum-only")), "weft.local", "dc1");

    private static SidecarMessage hello(String service, String token) {
        return SidecarMessage.newBuilder()
                             .setHello(Hello.newBuilder().setService(service).setBootstrapToken(token)).build();
    }

    private Status refusal(SidecarMessage first) {
        return catchThrowableOfType(StatusException.class, () -> hellos.authenticate(first)).getStatus();
    }

    @Test
    void aValidTokenGivesTheServicesIdentity() throws StatusException {
        assertThat(hellos.authenticate(hello("hello", "shared")).uri())
                .isEqualTo("spiffe://weft.local/ns/default/dc/dc1/svc/hello");
        assertThat(hellos.authenticate(hello("sum", "sum-only")).service()).isEqualTo("sum");
    }

    @Test
    void aWrongTokenIsUnauthenticatedNamingTheService() {
        final Status status = refusal(hello("sum", "shared")); // sum has a token of its own
        assertThat(status.getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
        assertThat(status.getDescription()).isEqualTo("bootstrap token not valid for service sum");
    }

    @Test
    void anythingButHelloFirstIsUnauthenticated() {
        final Status status = refusal(SidecarMessage.newBuilder().setAck(Ack.getDefaultInstance()).build());
        assertThat(status.getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
        assertThat(status.getDescription())
                .isEqualTo("the first message must be Hello with a bootstrap token (got ack)");
    }

    @Test
    void aMalformedServiceNameIsInvalid() {
        final Status status = refusal(hello("not a name", "shared"));
        assertThat(status.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(status.getDescription()).contains("Hello.service").contains("not a name");
    }
}
