package io.weft.bench.app;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import io.weft.demo.sum.v1.AddRequest;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Writes one gRPC length-prefixed message, {@code AddRequest{a=1,b=2}}, for {@code h2load -d}. */
@Command(name = "grpc-body", sortOptions = false,
         header = "a length-prefixed AddRequest{a=1,b=2} for h2load -d")
public final class GrpcBody implements Callable<Integer> {

    @Option(names = "--out", paramLabel = "FILE", required = true, description = "where to write it")
    private Path out = Path.of("");

    @Override
    public Integer call() throws IOException {
        final byte[] message = AddRequest.newBuilder().setA(1).setB(2).build().toByteArray();
        final ByteBuffer frame = ByteBuffer.allocate(5 + message.length);
        frame.put((byte) 0).putInt(message.length).put(message);
        Files.write(out, frame.array());
        return 0;
    }
}
