package io.weft.sidecar.balancing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

import com.linecorp.armeria.common.HttpData;

class GrpcFrameCounterTest {

    @Test
    void oneMessageInOneChunk() {
        final GrpcFrameCounter c = new GrpcFrameCounter();
        assertThat(c.messages()).isZero();
        c.accept(HttpData.wrap(RetryTest.frames(1)));
        assertThat(c.messages()).isOne();
    }

    @Test
    void messagesSplitAcrossEveryByteAreCountedWhereTheyBegin() {
        final GrpcFrameCounter c = new GrpcFrameCounter();
        final byte[] bytes = RetryTest.frames(2); // two messages of 8 bytes each
        for (int i = 0; i < bytes.length; i++) {
            c.accept(HttpData.wrap(Arrays.copyOfRange(bytes, i, i + 1)));
            assertThat(c.messages()).as("after byte %d", i).isEqualTo(i < 8 ? 1 : 2);
        }
    }

    @Test
    void countsNoFurtherThanTwo() {
        final GrpcFrameCounter c = new GrpcFrameCounter();
        c.accept(HttpData.wrap(RetryTest.frames(5)));
        assertThat(c.messages()).isEqualTo(2);
    }

    @Test
    void anEmptyMessageAndALargeOneAreSkippedByTheirLength() {
        final GrpcFrameCounter empty = new GrpcFrameCounter();
        empty.accept(HttpData.wrap(new byte[] { 0, 0, 0, 0, 0 }));
        assertThat(empty.messages()).isOne();
        empty.accept(HttpData.wrap(new byte[] { 0 }));
        assertThat(empty.messages()).isEqualTo(2);

        final GrpcFrameCounter large = new GrpcFrameCounter();
        large.accept(HttpData.wrap(new byte[] { 0, 0, 1, 0, 0 })); // 65536 bytes announced
        large.accept(HttpData.wrap(new byte[65_536])); // its body, zeros that look like prefixes
        assertThat(large.messages()).isOne();
        large.accept(HttpData.wrap(new byte[] { 0 }));
        assertThat(large.messages()).isEqualTo(2);
    }
}
