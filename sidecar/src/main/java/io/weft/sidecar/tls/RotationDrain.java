package io.weft.sidecar.tls;

import java.net.InetSocketAddress;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.linecorp.armeria.client.ConnectionPoolListener;
import com.linecorp.armeria.common.SessionProtocol;

import io.netty.channel.Channel;
import io.netty.handler.codec.http2.Http2ConnectionAdapter;
import io.netty.handler.codec.http2.Http2ConnectionHandler;
import io.netty.handler.codec.http2.Http2Stream;
import io.netty.util.AttributeMap;

/**
 * Drains the Armeria client's TLS connections once this sidecar's certificate rotates: each one opened before
 * the rotation closes as soon as no stream is open on it (at once if none is), and no stream on it is reset.
 *
 * <p>Why: Armeria pools connections by the request's {@code ClientTlsSpec}, and a rotation gives every upstream
 * a new spec ({@link UpstreamTlsSpecs}), so new requests open new connections while the old ones sit idle
 * until {@code --idle-timeout} (5 minutes by default) on both ends. At a short certificate lifetime that is
 * a connection per rotation per upstream endpoint held for minutes (the soak's gateway held ~20 to each sum
 * instance at a 30 s lifetime). The Netty relays retire theirs with a GOAWAY ({@code H2Upstream#open}); this
 * does the same for the Armeria paths (the gateway, and a sidecar that traces). Plain-text connections (to
 * the app, to Consul) carry no certificate of ours and are left alone, and so are HTTP/1 ones, which Armeria
 * closes when idle anyway.
 *
 * <p>Armeria hands a listener the connection's {@link Channel} as its {@link AttributeMap}; a listener given
 * anything else tracks nothing, and connections then live out their idle timeout as before.
 */
public final class RotationDrain implements ConnectionPoolListener {
    /** The open TLS connections made since the last rotation (every one here is older than the next). */
    private final Set<Channel> open = ConcurrentHashMap.newKeySet();

    @Override
    public void connectionOpen(SessionProtocol protocol, InetSocketAddress remoteAddr, InetSocketAddress localAddr,
                               AttributeMap attrs) {
        if (protocol.isTls() && attrs instanceof Channel ch) {
            open.add(ch);
        }
    }

    @Override
    public void connectionClosed(SessionProtocol protocol, InetSocketAddress remoteAddr,
                                 InetSocketAddress localAddr, AttributeMap attrs) {
        if (attrs instanceof Channel ch) {
            open.remove(ch);
        }
    }

    /** A new certificate is in use: every TLS connection opened before now drains. Any thread. */
    public void rotated() {
        for (Channel ch : open) {
            open.remove(ch);
            ch.eventLoop().execute(() -> closeWhenIdle(ch));
        }
    }

    /** On {@code ch}'s event loop: closes it now if no stream is open on it, else when its last one closes. */
    private static void closeWhenIdle(Channel ch) {
        final Http2ConnectionHandler h2 = ch.pipeline().get(Http2ConnectionHandler.class);
        if (h2 == null || !ch.isActive()) {
            return;
        }
        if (h2.connection().numActiveStreams() == 0) {
            ch.close();
            return;
        }
        h2.connection().addListener(new Http2ConnectionAdapter() {
            @Override
            public void onStreamClosed(Http2Stream stream) {
                if (h2.connection().numActiveStreams() == 0) {
                    ch.eventLoop().execute(ch::close); // after the codec is done with this stream
                }
            }
        });
    }
}
