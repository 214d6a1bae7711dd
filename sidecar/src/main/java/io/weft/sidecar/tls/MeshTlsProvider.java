package io.weft.sidecar.tls;

import java.util.List;

import com.linecorp.armeria.common.TlsKeyPair;
import com.linecorp.armeria.common.TlsProvider;
import io.weft.common.annotation.Nullable;
import com.linecorp.armeria.server.ServerTlsConfig;

import io.netty.handler.ssl.ClientAuth;
import io.weft.certs.TrustBundle;
import io.weft.sidecar.identity.Credentials;
import io.weft.sidecar.identity.IdentityManager;

/**
 * Serves the current key pair to Armeria on every new handshake. Both methods run on an event loop:
 * they only read volatile fields written by {@link IdentityManager} and {@link PeerTrust}.
 */
public final class MeshTlsProvider implements TlsProvider {
    private final IdentityManager identity;
    private final PeerTrust trust;

    public MeshTlsProvider(IdentityManager identity, PeerTrust trust) {
        this.identity = identity;
        this.trust = trust;
    }

    @Nullable
    @Override
    public TlsKeyPair keyPair(String hostname) {
        final Credentials c = identity.current();
        return c == null ? null : c.tlsKeyPair();
    }

    @Nullable
    @Override
    public List<java.security.cert.X509Certificate> trustedCertificates(String hostname) {
        final TrustBundle bundle = trust.bundle();
        return bundle == null ? null : bundle.roots();
    }

    /**
     * The inbound listener's TLS config: a client certificate is required by the TLS engine (a caller
     * without one fails the handshake, counted by {@link InboundHandshakeFailures}) and verified by
     * {@link OneSidedTrustManager#inbound}.
     */
    public ServerTlsConfig serverTlsConfig() {
        final OneSidedTrustManager trustManager = OneSidedTrustManager.inbound(trust);
        return ServerTlsConfig.builder()
                              .clientAuth(ClientAuth.REQUIRE)
                              .tlsCustomizer(b -> b.trustManager(trustManager))
                              .build();
    }
}
