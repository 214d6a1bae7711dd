package io.weft.bench.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.linecorp.armeria.client.grpc.GrpcClients;
import com.linecorp.armeria.common.TlsKeyPair;
import com.linecorp.armeria.server.Server;
import com.linecorp.armeria.server.grpc.GrpcService;

import io.weft.common.cli.Cli;
import io.weft.common.netty.BossGroups;
import io.weft.demo.sum.service.SumServiceImpl;
import io.weft.demo.sum.v1.AddRequest;
import io.weft.demo.sum.v1.SumServiceGrpc;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * Both relays, two hops with mTLS between them in front of the sum service, as bench/run runs them: a gRPC
 * call through answers, and the wire counters saw TLS records on the link.
 */
class RelayTest {
    @TempDir
    Path dir;

    private Server app;
    private final List<RunningRelay> relays = new ArrayList<>();

    @BeforeEach
    void startApp() {
        app = BossGroups.applyTo(Server.builder()).http(0)
                        .service(GrpcService.builder().addService(new SumServiceImpl()).build()).build();
        app.start().join();
    }

    @AfterEach
    void stop() {
        relays.forEach(RunningRelay::close);
        app.stop().join();
    }

    @ParameterizedTest
    @ValueSource(strings = { "armeria", "netty" })
    void aGrpcCallCrossesTwoHopsWithMutualTlsBetweenThem(String kind) throws Exception {
        final TlsKeyPair in = TlsKeyPair.ofSelfSigned("relay-in");
        final TlsKeyPair out = TlsKeyPair.ofSelfSigned("relay-out");
        write(in, "relay-in");
        write(out, "relay-out");
        Files.writeString(dir.resolve("ca.pem"), pem("CERTIFICATE", in.certificateChain().get(0).getEncoded()) +
                                                 pem("CERTIFICATE", out.certificateChain().get(0).getEncoded()));

        final RunningRelay inHop = start(kind, "--listen", "127.0.0.1:0", "--to", "127.0.0.1:" + app.activeLocalPort(),
                                         "--listen-tls", "--cert", file("relay-in.chain"), "--key", file("relay-in.key"),
                                         "--ca", file("ca.pem"), "--stats-file", file("in.stats"));
        final RunningRelay outHop = start(kind, "--listen", "127.0.0.1:0", "--to", "127.0.0.1:" + inHop.port(),
                                          "--to-tls", "--to-name", "relay-in", "--cert", file("relay-out.chain"),
                                          "--key", file("relay-out.key"), "--ca", file("ca.pem"));

        final SumServiceGrpc.SumServiceBlockingStub stub =
                GrpcClients.builder("h2c://127.0.0.1:" + outHop.port()).responseTimeout(Duration.ofSeconds(10))
                           .build(SumServiceGrpc.SumServiceBlockingStub.class);
        for (int i = 0; i < 3; i++) {
            assertThat(stub.add(AddRequest.newBuilder().setA(i).setB(2).build()).getSum()).isEqualTo(i + 2);
        }
        // the in hop read the requests' records and wrote the responses' (handshake records included)
        await().atMost(Duration.ofSeconds(10)).untilAsserted(
                () -> assertThat(Files.readString(dir.resolve("in.stats")))
                        .containsPattern("tlsRecordsOut=[1-9]").containsPattern("tlsRecordsIn=[1-9]"));
    }

    private RunningRelay start(String kind, String... args) throws Exception {
        final RelayOptions options = Cli.parse(new RelayOptionsCommand(), args, Map.of()).options;
        final RunningRelay relay = "armeria".equals(kind) ? ArmeriaRelay.start(options) : NettyRelay.start(options);
        relays.add(relay);
        return relay;
    }

    private String file(String name) {
        return dir.resolve(name).toString();
    }

    private void write(TlsKeyPair pair, String name) throws IOException, GeneralSecurityException {
        Files.writeString(dir.resolve(name + ".key"), pem("PRIVATE KEY", pair.privateKey().getEncoded()));
        Files.writeString(dir.resolve(name + ".chain"), pem("CERTIFICATE", pair.certificateChain().get(0).getEncoded()));
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" +
               Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der) +
               "\n-----END " + type + "-----\n";
    }

    /** Parses relay options alone, as a relay command would. */
    @Command(name = "relay-options")
    static final class RelayOptionsCommand {
        @Mixin
        RelayOptions options = new RelayOptions();
    }
}
