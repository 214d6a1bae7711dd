package io.weft.bench.app;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;

import io.weft.bench.Args;
import io.weft.demo.sum.v1.AddRequest;

/** Writes one gRPC length-prefixed message, {@code AddRequest{a=1,b=2}}, for {@code h2load -d}. */
public final class GrpcBody {

    public static void run(Args args) throws IOException {
        final byte[] message = AddRequest.newBuilder().setA(1).setB(2).build().toByteArray();
        final ByteBuffer frame = ByteBuffer.allocate(5 + message.length);
        frame.put((byte) 0).putInt(message.length).put(message);
        Files.write(Path.of(args.required("out")), frame.array());
    }

    private GrpcBody() {}
}
