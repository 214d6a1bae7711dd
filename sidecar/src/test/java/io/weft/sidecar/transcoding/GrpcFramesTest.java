package io.weft.sidecar.transcoding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.grpc.Status;

class GrpcFramesTest {

    @Test
    void framesAreSplitAcrossChunksInAnyPlace() {
        final byte[] stream = GrpcFrames.frame(List.of(new byte[] { 1, 2, 3 }, new byte[0], new byte[] { 4 }));
        for (int cut = 0; cut <= stream.length; cut++) {
            final GrpcFrames.Deframer deframer = new GrpcFrames.Deframer(16);
            final List<byte[]> first = deframer.add(Arrays.copyOfRange(stream, 0, cut));
            final List<byte[]> second = deframer.add(Arrays.copyOfRange(stream, cut, stream.length));
            final List<byte[]> all = new java.util.ArrayList<>(first);
            all.addAll(second);
            assertThat(all).as("cut at %d", cut)
                           .containsExactly(new byte[] { 1, 2, 3 }, new byte[0], new byte[] { 4 });
            assertThat(deframer.hasPartialFrame()).isFalse();
        }
    }

    @Test
    void aPartialFrameIsReported() {
        final GrpcFrames.Deframer deframer = new GrpcFrames.Deframer(16);
        assertThat(deframer.add(new byte[] { 0, 0, 0, 0, 2, 9 })).isEmpty();
        assertThat(deframer.hasPartialFrame()).isTrue();
    }

    @Test
    void aFrameAboveTheLimitIsRefusedFromItsHeader() {
        final GrpcFrames.Deframer deframer = new GrpcFrames.Deframer(4);
        assertThatThrownBy(() -> deframer.add(new byte[] { 0, 0, 0, 0, 5 }))
                .isInstanceOfSatisfying(GrpcCallException.class,
                                        e -> assertThat(e.code()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED))
                .hasMessageContaining("5 bytes exceeds the limit of 4 bytes");
    }

    @Test
    void aCompressedFrameIsRefused() {
        assertThatThrownBy(() -> new GrpcFrames.Deframer(4).add(new byte[] { 1, 0, 0, 0, 0 }))
                .isInstanceOfSatisfying(GrpcCallException.class,
                                        e -> assertThat(e.code()).isEqualTo(Status.Code.INTERNAL));
    }
}
