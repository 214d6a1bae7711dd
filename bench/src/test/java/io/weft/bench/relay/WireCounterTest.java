package io.weft.bench.relay;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/** TLS records are counted off their headers, wherever the buffers of a stream happen to be cut. */
class WireCounterTest {

    @Test
    void countsRecordsAcrossBuffersCutAnywhere() {
        // three records: 3-byte body, 0-byte body, 300-byte body (length 0x012c)
        final byte[] stream = new byte[5 + 3 + 5 + 5 + 300];
        header(stream, 0, 3);
        header(stream, 8, 0);
        header(stream, 13, 300);
        for (int cut1 = 1; cut1 < stream.length; cut1 += 7) {
            for (int cut2 = cut1; cut2 < stream.length; cut2 += 13) {
                final WireCounter.RecordScanner scanner = new WireCounter.RecordScanner();
                final int records = scanner.scan(slice(stream, 0, cut1)) + scanner.scan(slice(stream, cut1, cut2)) +
                                    scanner.scan(slice(stream, cut2, stream.length));
                assertThat(records).as("cut at %d and %d", cut1, cut2).isEqualTo(3);
            }
        }
    }

    @Test
    void aBufferIsNotConsumed() {
        final byte[] stream = new byte[5 + 1];
        header(stream, 0, 1);
        final ByteBuf buf = Unpooled.wrappedBuffer(stream);
        assertThat(new WireCounter.RecordScanner().scan(buf)).isEqualTo(1);
        assertThat(buf.readableBytes()).isEqualTo(6);
    }

    private static void header(byte[] stream, int at, int length) {
        stream[at] = 23; // application data
        stream[at + 1] = 3;
        stream[at + 2] = 3;
        stream[at + 3] = (byte) (length >> 8);
        stream[at + 4] = (byte) length;
    }

    private static ByteBuf slice(byte[] stream, int from, int to) {
        return Unpooled.wrappedBuffer(stream, from, to - from);
    }
}
