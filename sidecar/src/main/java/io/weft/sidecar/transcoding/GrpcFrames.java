package io.weft.sidecar.transcoding;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * gRPC length-prefixed framing: a 1-byte compressed flag, a 4-byte big-endian length, the message.
 *
 * <p>{@link Deframer} is incremental, so a streamed response is turned into messages as its bytes
 * arrive; it refuses a frame whose declared length is above the limit before buffering it.
 */
final class GrpcFrames {

    static final int HEADER_LENGTH = 5;

    static byte[] frame(byte[] message) {
        final byte[] framed = new byte[HEADER_LENGTH + message.length];
        final int length = message.length;
        framed[1] = (byte) (length >>> 24);
        framed[2] = (byte) (length >>> 16);
        framed[3] = (byte) (length >>> 8);
        framed[4] = (byte) length;
        System.arraycopy(message, 0, framed, HEADER_LENGTH, length);
        return framed;
    }

    static byte[] frame(List<byte[]> messages) {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] message : messages) {
            out.writeBytes(frame(message));
        }
        return out.toByteArray();
    }

    /** Splits a byte stream into gRPC messages. Not thread-safe: feed it from one thread. */
    static final class Deframer {
        private final int maxMessageLength;
        private byte[] buffer = new byte[0];
        private int length;

        Deframer(int maxMessageLength) {
            this.maxMessageLength = maxMessageLength;
        }

        /**
         * Appends {@code data} and returns every message completed by it.
         *
         * @throws GrpcCallException RESOURCE_EXHAUSTED for a frame above the limit, INTERNAL for a
         *     compressed frame (we only ever offer the identity encoding)
         */
        List<byte[]> add(byte[] data) {
            append(data);
            final List<byte[]> messages = new ArrayList<>(1);
            int offset = 0;
            while (length - offset >= HEADER_LENGTH) {
                final int flags = buffer[offset];
                final long size = ((buffer[offset + 1] & 0xFFL) << 24) | ((buffer[offset + 2] & 0xFF) << 16)
                                  | ((buffer[offset + 3] & 0xFF) << 8) | (buffer[offset + 4] & 0xFF);
                if ((flags & 1) != 0) {
                    throw new GrpcCallException(io.grpc.Status.Code.INTERNAL,
                                                "the app sent a compressed gRPC message although only the " +
                                                "identity encoding was offered");
                }
                if (size > maxMessageLength) {
                    throw new GrpcCallException(io.grpc.Status.Code.RESOURCE_EXHAUSTED,
                                                "a gRPC message of " + size + " bytes exceeds the limit of " +
                                                maxMessageLength + " bytes");
                }
                if (length - offset - HEADER_LENGTH < size) {
                    break;
                }
                final byte[] message = new byte[(int) size];
                System.arraycopy(buffer, offset + HEADER_LENGTH, message, 0, (int) size);
                messages.add(message);
                offset += HEADER_LENGTH + (int) size;
            }
            compact(offset);
            return messages;
        }

        /** Whether bytes of an unfinished frame are buffered (a truncated stream if it ends now). */
        boolean hasPartialFrame() {
            return length > 0;
        }

        private void append(byte[] data) {
            if (length + data.length > buffer.length) {
                final byte[] grown = new byte[Math.max(buffer.length * 2, length + data.length)];
                System.arraycopy(buffer, 0, grown, 0, length);
                buffer = grown;
            }
            System.arraycopy(data, 0, buffer, length, data.length);
            length += data.length;
        }

        private void compact(int consumed) {
            if (consumed == 0) {
                return;
            }
            System.arraycopy(buffer, consumed, buffer, 0, length - consumed);
            length -= consumed;
            if (length == 0 && buffer.length > 64 * 1024) {
                buffer = new byte[0];
            }
        }
    }

    private GrpcFrames() {}
}
