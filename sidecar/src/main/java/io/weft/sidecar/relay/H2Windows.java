package io.weft.sidecar.relay;

import com.linecorp.armeria.common.Flags;

import io.netty.channel.Channel;
import io.netty.handler.codec.http2.DefaultHttp2WindowUpdateFrame;
import io.netty.handler.codec.http2.Http2CodecUtil;
import io.netty.handler.codec.http2.Http2Settings;

/**
 * The HTTP/2 flow-control windows of the relay's connections, as wide as Armeria's own (its flags, 1 MiB per
 * stream and per connection by default) rather than the protocol's 64 KiB: a relayed stream crosses two
 * sidecars, and every window's worth of a large message waits for a round trip through both.
 */
final class H2Windows {

    /** {@code settings} with Armeria's initial stream window. */
    static Http2Settings widen(Http2Settings settings) {
        return settings.initialWindowSize(Flags.defaultHttp2InitialStreamWindowSize());
    }

    /** Widens the connection's own window (stream 0) to Armeria's; once, when the codec was added. */
    static void widenConnection(Channel connection) {
        final int delta = Flags.defaultHttp2InitialConnectionWindowSize() - Http2CodecUtil.DEFAULT_WINDOW_SIZE;
        if (delta > 0) {
            connection.write(new DefaultHttp2WindowUpdateFrame(delta));
        }
    }

    private H2Windows() {}
}
