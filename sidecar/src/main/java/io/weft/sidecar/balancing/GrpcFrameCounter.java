package io.weft.sidecar.balancing;

import java.util.function.Consumer;

import com.linecorp.armeria.common.ByteBufAccessMode;
import com.linecorp.armeria.common.HttpData;

import io.netty.buffer.ByteBuf;

/**
 * Counts gRPC length-prefixed messages in a request body as it streams past, without buffering or
 * copying it: each message is a 1-byte flag, a 4-byte big-endian length and that many bytes. Used to
 * tell a call that may be unary (at most one message so far) from a streaming one, which the outbound
 * sidecar cannot know from descriptors. Gives up counting after the second message.
 *
 * <p>Data arrives in order from one stream, but the retry rule reads the result from another thread,
 * hence the synchronisation.
 */
final class GrpcFrameCounter implements Consumer<HttpData> {

    private static final int PREFIX_LENGTH = 5;

    private int messages;
    private int prefixBytesRead;
    private long length;
    private long bodyRemaining;

    @Override
    public void accept(HttpData data) {
        accept(data.byteBuf(ByteBufAccessMode.DUPLICATE));
    }

    /** Counts the messages begun in {@code buf}'s readable bytes; neither reads nor releases it. */
    synchronized void accept(ByteBuf buf) {
        if (messages > 1) {
            return;
        }
        final int end = buf.writerIndex();
        int i = buf.readerIndex();
        while (i < end && messages <= 1) {
            if (bodyRemaining > 0) {
                final long skip = Math.min(bodyRemaining, end - i);
                i += (int) skip;
                bodyRemaining -= skip;
                continue;
            }
            if (prefixBytesRead == 0) {
                messages++;
            } else {
                length = (length << 8) | buf.getUnsignedByte(i);
            }
            i++;
            if (++prefixBytesRead == PREFIX_LENGTH) {
                bodyRemaining = length;
                prefixBytesRead = 0;
                length = 0;
            }
        }
    }

    /** Messages begun so far (their prefix seen), counting no further than two. */
    synchronized int messages() {
        return messages;
    }
}
