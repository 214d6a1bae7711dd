package io.weft.demo.sum;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import com.linecorp.armeria.client.grpc.GrpcClients;

import io.weft.demo.sum.v1.AddRequest;
import io.weft.demo.sum.v1.SumServiceGrpc.SumServiceBlockingStub;

/** {@code java -jar sum.jar}: help, a bad flag, and a real start, call and SIGTERM. */
class SumJarIT {

    @Test
    void helpListsEveryOptionAndExitsZero() throws Exception {
        try (JarProcess sum = JarProcess.start("--help")) {
            assertThat(sum.awaitExit()).isZero();
            assertThat(sum.output()).startsWith("Usage: java -jar sum.jar [OPTIONS]")
                                    .contains("--port=<port>", "--bind=<address>", "--instance-id=<id>",
                                              "--shutdown-grace=<duration>", "env WEFT_PORT, default: 50051");
        }
    }

    @Test
    void aBadFlagIsExplainedAndExitsTwo() throws Exception {
        try (JarProcess sum = JarProcess.start("--port", "http")) {
            assertThat(sum.awaitExit()).isEqualTo(2);
            assertThat(sum.output()).contains("error: Invalid value for option '--port': 'http' is not an int");
        }
        try (JarProcess sum = JarProcess.start("--port", "65536")) {
            assertThat(sum.awaitExit()).isEqualTo(2);
            assertThat(sum.output()).contains("error: --port: 65536 (expected: an integer in 0..65535)");
        }
    }

    @Test
    void servesUntilSigtermThenStopsAndExitsZero() throws Exception {
        try (JarProcess sum = JarProcess.start("--port", "0", "--instance-id", "sum-it")) {
            final Matcher started =
                    sum.awaitLine(Pattern.compile("sum listening on 127\\.0\\.0\\.1:(\\d+) \\(instance sum-it\\)"));
            final SumServiceBlockingStub stub = GrpcClients.newClient("http://127.0.0.1:" + started.group(1),
                                                                      SumServiceBlockingStub.class);
            assertThat(stub.add(AddRequest.newBuilder().setA(40).setB(2).build()).getSum()).isEqualTo(42);

            sum.terminate();
            assertThat(sum.awaitExit()).as(sum.output()).isZero();
            assertThat(sum.output()).contains("sum received SIGTERM; stopping gracefully", "sum stopped");
        }
    }
}
