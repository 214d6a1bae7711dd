package io.weft.sidecar.balancing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

import com.linecorp.armeria.common.HttpData;

class GrpcFrameCounterTest {

    @Test
    void oneMessageInOneChunk() {
        final GrpcFrameCounter c = new GrpcFrameCounter();
        c.accept(HttpData.wrap(RetryTest.frames(1)));
        assertThat(c.isOneWholeMessage()).isTrue();
    }

    @Test
    void oneMessageSplitAcrossEveryByte() {
        final GrpcFrameCounter c = new GrpcFrameCounter();
        final byte[] bytes = RetryTest.frames(1);
        for (int i = 0; i < bytes.length; i++) {
            c.accept(HttpData.wrap(Arrays.copyOfRange(bytes, i, i + 1)));
            assertThat(c.isOneWholeMessage()).isEqualTo(i == bytes.length - 1);
        }
    }

    @Test
    void twoMessagesAreNotOne() {
        final GrpcFrameCounter c = new GrpcFrameCounter();
        final byte[] bytes = RetryTest.frames(2);
        c.accept(HttpData.wrap(Arrays.copyOfRange(bytes, 0, 6)));
        c.accept(HttpData.wrap(Arrays.copyOfRange(bytes, 6, bytes.length)));
        assertThat(c.messages()).isEqualTo(2);
        assertThat(c.isOneWholeMessage()).isFalse();
    }

    @Test
    void emptyMessageAndLargeLength() {
        final GrpcFrameCounter empty = new GrpcFrameCounter();
        empty.accept(HttpData.wrap(new byte[] { 0, 0, 0, 0, 0 }));
        assertThat(empty.isOneWholeMessage()).isTrue();

        final GrpcFrameCounter large = new GrpcFrameCounter();
        final byte[] prefix = { 0, 0, 1, 0, 0 }; // 65536 bytes announced
        large.accept(HttpData.wrap(prefix));
        large.accept(HttpData.wrap(new byte[65_535]));
        assertThat(large.isOneWholeMessage()).isFalse();
        large.accept(HttpData.wrap(new byte[1]));
        assertThat(large.isOneWholeMessage()).isTrue();
        assertThat(new GrpcFrameCounter().isOneWholeMessage()).isFalse();
    }
}
