package io.weft.sidecar.tls;

import java.util.Locale;

import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.ssl.NotSslRecordException;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.weft.sidecar.metrics.SidecarMetrics;

/**
 * Counts the inbound handshakes that fail before any certificate reaches {@link OneSidedTrustManager#inbound}:
 * the TLS engine itself refuses a client that sends no certificate (the listener requires one), and
 * a peer that speaks something other than TLS never gets that far. Refusals the trust manager made
 * are already counted, by {@link PeerTrust}, and are skipped here.
 *
 * <p>Installed at the end of each inbound connection's pipeline, where Netty delivers the
 * handshake's completion event; it only reads the event and passes it on.
 */
@Sharable
public final class InboundHandshakeFailures extends ChannelInboundHandlerAdapter {

    static final String NO_CERTIFICATE = "no_certificate";
    static final String NOT_TLS = "not_tls";
    static final String OTHER = "handshake_error";

    private final SidecarMetrics metrics;

    public InboundHandshakeFailures(SidecarMetrics metrics) {
        this.metrics = metrics;
    }

    /** For {@code ServerBuilder.childChannelPipelineCustomizer}. */
    public void install(ChannelPipeline pipeline) {
        pipeline.addLast(this);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof SslHandshakeCompletionEvent handshake && !handshake.isSuccess()) {
            final String reason = reasonOf(handshake.cause());
            if (reason != null) {
                metrics.handshakeFailure(SidecarMetrics.DIRECTION_INBOUND, reason);
            }
        }
        ctx.fireUserEventTriggered(evt);
    }

    /** The metric reason, or null when the trust manager already counted this refusal. */
    static String reasonOf(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof RejectedPeerException) {
                return null;
            }
            if (t instanceof NotSslRecordException) {
                return NOT_TLS;
            }
            if (isNoCertificate(t.getMessage())) {
                return NO_CERTIFICATE;
            }
        }
        return OTHER;
    }

    /** BoringSSL/OpenSSL and the JDK's engine word "the client sent no certificate" differently. */
    private static boolean isNoCertificate(String message) {
        if (message == null) {
            return false;
        }
        final String m = message.toLowerCase(Locale.ROOT);
        return m.contains("peer_did_not_return_a_certificate") || m.contains("empty client certificate chain") ||
               m.contains("certificate_required") || m.contains("peer sent no certificate");
    }
}
