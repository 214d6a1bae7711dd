package io.weft.certs;

import static java.util.Objects.requireNonNull;

import java.net.Socket;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.function.Predicate;
import java.util.function.Supplier;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

import io.weft.certs.PeerVerificationException.Reason;
import io.weft.certs.PeerVerifier.Purpose;

/**
 * A TLS trust manager that accepts a peer when {@link PeerVerifier} does, for both client and server
 * checks, and optionally only peers whose {@link SpiffeId} passes a test.
 *
 * <p>There is deliberately no host name check: mesh leaves carry a SPIFFE ID, not the host name, and the
 * identity test replaces it. The verifier is taken from a {@link Supplier} on every handshake, so a
 * rotated trust bundle applies to new connections without rebuilding the TLS context. Thread-safe; runs on
 * the handshake thread (an event loop) and does no IO. Every rejection is a
 * {@link PeerVerificationException} whose message names the reason.
 */
public final class SpiffeTrustManager extends X509ExtendedTrustManager {

    private final Supplier<PeerVerifier> verifier;
    private final Clock clock;
    private final Predicate<SpiffeId> serverIdentity;
    private final String serverIdentityDescription;
    private final Predicate<SpiffeId> clientIdentity;
    private final String clientIdentityDescription;

    private SpiffeTrustManager(Builder builder) {
        verifier = builder.verifier;
        clock = builder.clock;
        serverIdentity = builder.serverIdentity;
        serverIdentityDescription = builder.serverIdentityDescription;
        clientIdentity = builder.clientIdentity;
        clientIdentityDescription = builder.clientIdentityDescription;
    }

    /** Returns a trust manager that accepts any peer of the verifier's trust domain. */
    public static SpiffeTrustManager of(PeerVerifier verifier) {
        return builder(verifier).build();
    }

    /** Returns a builder around a fixed verifier. */
    public static Builder builder(PeerVerifier verifier) {
        requireNonNull(verifier, "verifier");
        return new Builder(() -> verifier);
    }

    /** Returns a builder around a verifier read on every handshake (e.g. a volatile field's getter). */
    public static Builder builder(Supplier<PeerVerifier> verifier) {
        return new Builder(requireNonNull(verifier, "verifier"));
    }

    /**
     * Verifies a chain as {@code purpose} and applies the matching identity test.
     *
     * @return the peer's identity
     */
    public SpiffeId verify(X509Certificate[] chain, Purpose purpose) throws PeerVerificationException {
        final SpiffeId id = verifier.get().verify(chain, clock.instant(), purpose);
        final boolean server = purpose == Purpose.SERVER;
        final Predicate<SpiffeId> test = server ? serverIdentity : clientIdentity;
        if (!test.test(id)) {
            throw new PeerVerificationException(Reason.UNEXPECTED_IDENTITY, (server ? "server" : "client") +
                    ": " + id + " (expected: " + (server ? serverIdentityDescription : clientIdentityDescription) +
                    ')');
        }
        return id;
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws PeerVerificationException {
        verify(chain, Purpose.CLIENT);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws PeerVerificationException {
        verify(chain, Purpose.SERVER);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws PeerVerificationException {
        verify(chain, Purpose.CLIENT);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws PeerVerificationException {
        verify(chain, Purpose.SERVER);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws PeerVerificationException {
        verify(chain, Purpose.CLIENT);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws PeerVerificationException {
        verify(chain, Purpose.SERVER);
    }

    /** Returns the bundle's roots, sent to clients as acceptable issuers. */
    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return verifier.get().trustBundle().roots().toArray(new X509Certificate[0]);
    }

    /** Builds a {@link SpiffeTrustManager}; by default any identity of the trust domain is accepted. */
    public static final class Builder {
        private final Supplier<PeerVerifier> verifier;
        private Clock clock = Clock.systemUTC();
        private Predicate<SpiffeId> serverIdentity = id -> true;
        private String serverIdentityDescription = "any identity";
        private Predicate<SpiffeId> clientIdentity = id -> true;
        private String clientIdentityDescription = "any identity";

        private Builder(Supplier<PeerVerifier> verifier) {
            this.verifier = verifier;
        }

        /** Sets the clock that gives the verification instant (default: UTC system clock). */
        public Builder clock(Clock clock) {
            this.clock = requireNonNull(clock, "clock");
            return this;
        }

        /** Accepts only a server with exactly this identity. */
        public Builder expectedServer(SpiffeId expected) {
            requireNonNull(expected, "expected");
            return serverIdentity(expected::equals, expected.toString());
        }

        /** Accepts only servers whose identity passes {@code test}; {@code description} goes in errors. */
        public Builder serverIdentity(Predicate<SpiffeId> test, String description) {
            serverIdentity = requireNonNull(test, "test");
            serverIdentityDescription = requireNonNull(description, "description");
            return this;
        }

        /** Accepts only clients whose identity passes {@code test}; {@code description} goes in errors. */
        public Builder clientIdentity(Predicate<SpiffeId> test, String description) {
            clientIdentity = requireNonNull(test, "test");
            clientIdentityDescription = requireNonNull(description, "description");
            return this;
        }

        /** Returns the trust manager. */
        public SpiffeTrustManager build() {
            return new SpiffeTrustManager(this);
        }
    }
}
