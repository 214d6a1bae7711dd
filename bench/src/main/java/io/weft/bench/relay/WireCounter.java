package io.weft.bench.relay;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;

/**
 * Sits at the socket end of a connection's pipeline (first handler) and counts into {@link WireStats} what
 * crosses it: flushes, buffers and bytes written and, on a TLS connection, the TLS records each way, read off
 * the 5-byte record headers (type, version, length) of the encrypted stream. One per connection: a record
 * header can be split across buffers, so each direction keeps where it is in the stream.
 */
final class WireCounter extends ChannelDuplexHandler {
    private final WireStats stats;
    private final boolean tls;
    private final RecordScanner out = new RecordScanner();
    private final RecordScanner in = new RecordScanner();

    WireCounter(WireStats stats, boolean tls) {
        this.stats = stats;
        this.tls = tls;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (tls && msg instanceof ByteBuf buf) {
            stats.tlsRecordsIn += in.scan(buf);
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof ByteBuf buf) {
            stats.writes++;
            stats.bytesOut += buf.readableBytes();
            if (tls) {
                stats.tlsRecordsOut += out.scan(buf);
            }
        }
        ctx.write(msg, promise);
    }

    @Override
    public void flush(ChannelHandlerContext ctx) {
        stats.flushes++;
        ctx.flush();
    }

    /** Finds record starts in one direction of a TLS byte stream, without copying or moving indexes. */
    static final class RecordScanner {
        private static final int HEADER = 5;
        /** Bytes of the current record's body still to come; 0 = at a header (or inside one). */
        private long bodyLeft;
        /** Header bytes of the current header seen so far (0..4), and the length bytes among them. */
        private int headerSeen;
        private int length;

        /** The number of records whose header starts in {@code buf}. */
        int scan(ByteBuf buf) {
            int records = 0;
            int i = buf.readerIndex();
            final int end = buf.writerIndex();
            while (i < end) {
                if (bodyLeft > 0) {
                    final int skip = (int) Math.min(bodyLeft, end - i);
                    bodyLeft -= skip;
                    i += skip;
                    continue;
                }
                if (headerSeen == 0) {
                    records++;
                    length = 0;
                }
                final int b = buf.getUnsignedByte(i++);
                if (headerSeen >= 3) {
                    length = length << 8 | b;
                }
                if (++headerSeen == HEADER) {
                    headerSeen = 0;
                    bodyLeft = length;
                }
            }
            return records;
        }
    }
}
