package io.weft.demo.hello;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.linecorp.armeria.client.BlockingWebClient;
import com.linecorp.armeria.testing.junit5.server.ServerExtension;

import io.weft.demo.sum.JarProcess;
import io.weft.demo.sum.SumTestServers;

/** {@code java -jar hello.jar}: help, a bad flag, and a real start calling a real sum, then SIGTERM. */
class HelloJarIT {

    @RegisterExtension
    static final ServerExtension sum = SumTestServers.extension();

    @Test
    void helpListsEveryOptionAndExitsZero() throws Exception {
        try (JarProcess hello = JarProcess.start("--help")) {
            assertThat(hello.awaitExit()).isZero();
            assertThat(hello.output()).startsWith("Usage: java -jar hello.jar [OPTIONS]")
                                      .contains("--upstream=<uri>", "--upstream-authority=<authority>",
                                                "--upstream-timeout=<duration>", "--instance-id=<id>");
        }
    }

    @Test
    void aBadUpstreamIsExplainedAndExitsTwo() throws Exception {
        try (JarProcess hello = JarProcess.start("--upstream", "localhost:15001")) {
            assertThat(hello.awaitExit()).isEqualTo(2);
            assertThat(hello.output()).contains("error: --upstream: localhost:15001 (expected: ");
        }
    }

    @Test
    void servesUntilSigtermThenStopsAndExitsZero() throws Exception {
        try (JarProcess hello = JarProcess.start("--port", "0", "--instance-id", "hello-it",
                                                 "--upstream", sum.httpUri().toString())) {
            final Matcher started = hello.awaitLine(
                    Pattern.compile("hello listening on 127\\.0\\.0\\.1:(\\d+) \\(instance hello-it\\)"));
            final BlockingWebClient client = BlockingWebClient.of("http://127.0.0.1:" + started.group(1));
            assertThat(client.get("/").contentUtf8()).isEqualTo("Hello, world!");
            assertThat(client.get("/sum?a=40&b=2").contentUtf8())
                    .isEqualTo("{\"a\":40,\"b\":2,\"sum\":42,\"servedBy\":\"" + SumTestServers.INSTANCE_ID + "\"}");

            hello.terminate();
            assertThat(hello.awaitExit()).as(hello.output()).isZero();
            assertThat(hello.output()).contains("hello received SIGTERM; stopping gracefully", "hello stopped");
        }
    }
}
