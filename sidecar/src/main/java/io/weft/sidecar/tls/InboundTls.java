package io.weft.sidecar.tls;

import java.security.cert.X509Certificate;

import javax.net.ssl.SSLException;

import io.netty.handler.codec.http2.Http2SecurityUtil;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolConfig.Protocol;
import io.netty.handler.ssl.ApplicationProtocolConfig.SelectedListenerFailureBehavior;
import io.netty.handler.ssl.ApplicationProtocolConfig.SelectorFailureBehavior;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.SupportedCipherSuiteFilter;
import io.weft.common.annotation.Nullable;
import io.weft.sidecar.identity.Credentials;
import io.weft.sidecar.identity.IdentityManager;

/**
 * The inbound listener's TLS for a listener that is not Armeria's (the Netty front): the same rules as
 * {@link MeshTlsProvider#serverTlsConfig()} — a client certificate REQUIRED and verified by
 * {@link OneSidedTrustManager#inbound} against the current trust bundle, this sidecar's current key pair — on the
 * engine Armeria picks (BoringSSL through netty-tcnative, the JDK's only if it is missing), ALPN {@code h2}
 * then {@code http/1.1}. The context is built once per key pair: a new connection after a rotation gets
 * the new one. Called on event loops; a rebuild is CPU only.
 */
public final class InboundTls {
    private static final ApplicationProtocolConfig ALPN = new ApplicationProtocolConfig(
            Protocol.ALPN, SelectorFailureBehavior.NO_ADVERTISE, SelectedListenerFailureBehavior.ACCEPT,
            ApplicationProtocolNames.HTTP_2, ApplicationProtocolNames.HTTP_1_1);

    private final IdentityManager identity;
    private final OneSidedTrustManager trustManager;
    @Nullable
    private volatile Built built;

    private record Built(Credentials credentials, SslContext context) {}

    public InboundTls(IdentityManager identity, PeerTrust trust) {
        this.identity = identity;
        trustManager = OneSidedTrustManager.inbound(trust);
    }

    /** The context for a new connection, or null before this sidecar has a certificate. */
    @Nullable
    public SslContext forNewConnection() {
        final Credentials current = identity.current();
        if (current == null) {
            return null;
        }
        final Built known = built;
        if (known != null && known.credentials() == current) {
            return known.context();
        }
        final SslContext context = build(current);
        built = new Built(current, context); // two loops may both build after a rotation: both are right
        return context;
    }

    private SslContext build(Credentials credentials) {
        try {
            return SslContextBuilder.forServer(credentials.keyPair().getPrivate(),
                                               credentials.chain().toArray(X509Certificate[]::new))
                                    .sslProvider(OpenSsl.isAvailable() ? SslProvider.OPENSSL : SslProvider.JDK)
                                    .protocols("TLSv1.3", "TLSv1.2")
                                    .ciphers(Http2SecurityUtil.CIPHERS, SupportedCipherSuiteFilter.INSTANCE)
                                    .applicationProtocolConfig(ALPN)
                                    .clientAuth(ClientAuth.REQUIRE)
                                    .trustManager(trustManager)
                                    .build();
        } catch (SSLException e) {
            throw new IllegalStateException("cannot build the inbound TLS context for " +
                                            credentials.spiffeId() + ": " + e.getMessage(), e);
        }
    }
}
