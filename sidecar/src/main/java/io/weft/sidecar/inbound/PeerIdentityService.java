package io.weft.sidecar.inbound;

import io.weft.common.annotation.Nullable;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;

import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServiceRequestContext;
import com.linecorp.armeria.server.SimpleDecoratingHttpService;

import io.grpc.Status;
import io.netty.util.AttributeKey;
import io.weft.certs.PeerVerificationException;
import io.weft.certs.PeerVerifier;
import io.weft.certs.SpiffeId;
import io.weft.sidecar.failure.FailureKind;
import io.weft.sidecar.failure.FailureResponses;

/**
 * TLS identity layer: the caller's chain was verified during the handshake
 * ({@code tls.OneSidedTrustManager#inbound}); here its SPIFFE ID is read from the session, stored in
 * {@link #PEER}, and the identity headers are reset. The listener requires a client certificate (a
 * caller without one fails the handshake, counted there), so a session without a readable SPIFFE ID
 * cannot get here; if one ever did, it is refused all the same.
 */
public final class PeerIdentityService extends SimpleDecoratingHttpService {
    /** The verified caller of the current request. */
    public static final AttributeKey<SpiffeId> PEER = AttributeKey.valueOf(PeerIdentityService.class, "PEER");

    private static final String PEER_VALUE = PeerIdentityService.class.getName() + ".peer";

    private final String trustDomain;
    @Nullable
    private final RelayedPeer relayed;

    /** The layer of the listener that terminates mTLS itself: the caller is the TLS peer. */
    public PeerIdentityService(HttpService delegate, String trustDomain) {
        this(delegate, trustDomain, null);
    }

    /**
     * The layer of the private listener behind the Netty front (plain, loopback): the caller is the peer the
     * front verified and vouched for with {@code relayed}.
     */
    public PeerIdentityService(HttpService delegate, String trustDomain, @Nullable RelayedPeer relayed) {
        super(delegate);
        this.trustDomain = trustDomain;
        this.relayed = relayed;
    }

    @Override
    public HttpResponse serve(ServiceRequestContext ctx, HttpRequest req) throws Exception {
        final SpiffeId peer = relayed != null ? relayed.decode(req.headers().get(RelayedPeer.HEADER))
                                              : peerOf(ctx.sslSession(), trustDomain);
        if (peer == null) {
            return FailureResponses.render(req.headers(), FailureKind.UNAUTHENTICATED.with(
                    "client certificate required: this listener accepts mesh mTLS only"));
        }
        ctx.setAttr(PEER, peer);
        final HttpRequest reset = req.withHeaders(IdentityHeaders.reset(req.headers(), peer.uri()));
        ctx.updateRequest(reset);
        return unwrap().serve(ctx, reset);
    }

    /**
     * The caller's SPIFFE ID, read once per TLS session and kept in it: the peer's certificate cannot change
     * within a session (a rotated certificate comes with a new handshake, so a new session), while reading
     * it clones the chain and parses its SAN.
     */
    @Nullable
    public static SpiffeId peerOf(@Nullable SSLSession session, String trustDomain) {
        if (session == null) {
            return null;
        }
        if (session.getValue(PEER_VALUE) instanceof SpiffeId known) {
            return known;
        }
        try {
            final Certificate[] certs = session.getPeerCertificates();
            final SpiffeId peer = certs.length == 0 ? null
                                                    : PeerVerifier.spiffeIdOf((X509Certificate) certs[0], trustDomain);
            if (peer != null) {
                session.putValue(PEER_VALUE, peer);
            }
            return peer;
        } catch (SSLPeerUnverifiedException | PeerVerificationException e) {
            return null;
        }
    }
}
