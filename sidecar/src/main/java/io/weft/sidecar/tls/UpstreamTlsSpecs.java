package io.weft.sidecar.tls;

import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import javax.net.ssl.SSLException;

import com.linecorp.armeria.client.ClientTlsSpec;
import com.linecorp.armeria.common.TlsKeyPair;
import com.linecorp.armeria.common.TlsPeerVerifierFactory;
import io.weft.common.annotation.Nullable;

import io.netty.handler.codec.http2.Http2SecurityUtil;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolConfig.Protocol;
import io.netty.handler.ssl.ApplicationProtocolConfig.SelectedListenerFailureBehavior;
import io.netty.handler.ssl.ApplicationProtocolConfig.SelectorFailureBehavior;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.SupportedCipherSuiteFilter;
import io.weft.certs.PeerVerifier;
import io.weft.certs.SpiffeId;
import io.weft.sidecar.identity.Credentials;
import io.weft.sidecar.identity.IdentityManager;
import io.weft.sidecar.metrics.SidecarMetrics;

/**
 * One {@link ClientTlsSpec} per destination service: our current key pair, and a peer verifier that
 * accepts the server only if its chain verifies against the trust bundle AND its SPIFFE ID names the
 * destination service (URI SAN; no host name check, SVIDs carry none). Armeria pools connections per
 * spec, so connections to different services never mix, and a rotated key pair gives new specs:
 * new connections use the new certificate while open ones finish on the old.
 */
public final class UpstreamTlsSpecs {
    private static final ApplicationProtocolConfig H2_ONLY = new ApplicationProtocolConfig(
            Protocol.ALPN, SelectorFailureBehavior.NO_ADVERTISE, SelectedListenerFailureBehavior.ACCEPT,
            ApplicationProtocolNames.HTTP_2);

    private final IdentityManager identity;
    private final PeerTrust trust;
    private final Function<String, String> expectedIds;
    private final Map<String, TlsPeerVerifierFactory> verifiers = new ConcurrentHashMap<>();
    private final Map<String, ClientTlsSpec> specs = new ConcurrentHashMap<>();
    @Nullable
    private volatile TlsKeyPair specsKeyPair;
    private final Map<String, SslContext> contexts = new ConcurrentHashMap<>();
    @Nullable
    private volatile Credentials contextsCredentials;

    /**
     * @param expectedIds the SPIFFE ID the control plane pushed for a service's endpoints, or
     *                    {@code null}/empty when it sent none (then the service name must match)
     */
    public UpstreamTlsSpecs(IdentityManager identity, PeerTrust trust, Function<String, String> expectedIds) {
        this.identity = identity;
        this.trust = trust;
        this.expectedIds = expectedIds;
    }

    /** The spec for a request to {@code service}; never blocks. */
    public ClientTlsSpec specFor(String service) {
        final Credentials c = identity.current();
        if (c == null) {
            throw new IllegalStateException("no certificate yet; cannot originate mTLS to " + service);
        }
        if (c.tlsKeyPair() != specsKeyPair) {
            specs.clear();
            specsKeyPair = c.tlsKeyPair();
        }
        return specs.computeIfAbsent(service, s -> ClientTlsSpec.builder()
                                                                .tlsKeyPair(c.tlsKeyPair())
                                                                .verifierFactories(verifierFor(s))
                                                                .build());
    }

    /**
     * The Netty client context for a new connection to {@code service} (the outbound relay's): the same key
     * pair and the same server check as {@link #specFor}, ALPN {@code h2}, no host name check (SVIDs carry
     * none); built once per service and key pair, so a rotation reaches new connections. Never blocks.
     */
    public SslContext contextFor(String service) {
        final Credentials c = identity.current();
        if (c == null) {
            throw new IllegalStateException("no certificate yet; cannot originate mTLS to " + service);
        }
        if (c != contextsCredentials) {
            contexts.clear();
            contextsCredentials = c;
        }
        return contexts.computeIfAbsent(service, s -> {
            try {
                return SslContextBuilder.forClient()
                                        .sslProvider(OpenSsl.isAvailable() ? SslProvider.OPENSSL : SslProvider.JDK)
                                        .keyManager(c.keyPair().getPrivate(),
                                                    c.chain().toArray(X509Certificate[]::new))
                                        .trustManager(OneSidedTrustManager.forServers(chain -> verify(s, chain)))
                                        .endpointIdentificationAlgorithm(null)
                                        .protocols("TLSv1.3", "TLSv1.2")
                                        .ciphers(Http2SecurityUtil.CIPHERS, SupportedCipherSuiteFilter.INSTANCE)
                                        .applicationProtocolConfig(H2_ONLY)
                                        .build();
            } catch (SSLException e) {
                throw new IllegalStateException("cannot build the TLS context for service '" + s + "': " +
                                                e.getMessage(), e);
            }
        });
    }

    private TlsPeerVerifierFactory verifierFor(String service) {
        // One factory instance per service: specs compare verifier factories by identity.
        return verifiers.computeIfAbsent(service, s -> unused -> (chain, authType, engine) -> verify(s, chain));
    }

    private void verify(String service, X509Certificate[] chain) throws CertificateException {
        final SpiffeId id = trust.verify(chain, SidecarMetrics.DIRECTION_OUTBOUND, PeerVerifier.Purpose.SERVER);
        final String expected = expectedIds.apply(service);
        if (expected != null && !expected.isEmpty() ? !expected.equals(id.uri()) : !id.service().equals(service)) {
            throw trust.reject(SidecarMetrics.DIRECTION_OUTBOUND, "wrong_identity",
                               "server identity " + id + " (expected: " +
                               (expected == null || expected.isEmpty() ? "service '" + service + '\'' : expected) +
                               ')', null);
        }
    }

}
