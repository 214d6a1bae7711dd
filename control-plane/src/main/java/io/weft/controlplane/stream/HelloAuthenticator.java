package io.weft.controlplane.stream;

import static java.util.Objects.requireNonNull;

import java.util.Locale;

import javax.annotation.concurrent.Immutable;

import io.grpc.Status;
import io.grpc.StatusException;
import io.weft.certs.SpiffeId;
import io.weft.controlplane.auth.BootstrapTokens;
import io.weft.protocol.v1.Hello;
import io.weft.protocol.v1.SidecarMessage;

/**
 * Decides whether a stream's first message lets the sidecar in: it must be a {@link Hello} naming a valid
 * service and carrying a bootstrap token that entitles its bearer to that service. Pure and non-blocking
 * (tokens are compared in constant time), so it runs on the stream's event loop.
 */
@Immutable
final class HelloAuthenticator {

    private final BootstrapTokens tokens;
    private final String trustDomain;
    private final String datacenter;

    HelloAuthenticator(BootstrapTokens tokens, String trustDomain, String datacenter) {
        this.tokens = requireNonNull(tokens, "tokens");
        this.trustDomain = requireNonNull(trustDomain, "trustDomain");
        this.datacenter = requireNonNull(datacenter, "datacenter");
    }

    /**
     * The identity {@code first} is entitled to.
     *
     * @throws StatusException the status to end the stream with: UNAUTHENTICATED for anything but a Hello
     *         or for a token not valid for the service, INVALID_ARGUMENT for a malformed service name
     */
    SpiffeId authenticate(SidecarMessage first) throws StatusException {
        if (first.getKindCase() != SidecarMessage.KindCase.HELLO) {
            throw Status.UNAUTHENTICATED.withDescription(
                    "the first message must be Hello with a bootstrap token (got " +
                    first.getKindCase().name().toLowerCase(Locale.ROOT) + ')').asException();
        }
        final Hello hello = first.getHello();
        final String service = hello.getService();
        try {
            SpiffeId.checkName("Hello.service", service);
        } catch (IllegalArgumentException e) {
            throw Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asException();
        }
        if (!tokens.entitles(service, hello.getBootstrapToken())) {
            throw Status.UNAUTHENTICATED.withDescription("bootstrap token not valid for service " + service)
                                        .asException();
        }
        return SpiffeId.of(trustDomain, datacenter, service);
    }
}
