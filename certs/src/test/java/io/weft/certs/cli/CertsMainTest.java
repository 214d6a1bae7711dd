package io.weft.certs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.weft.certs.CaOptions;
import io.weft.certs.CertificateAuthority;
import io.weft.certs.KeyType;
import io.weft.certs.Pem;
import io.weft.certs.PeerVerifier;
import io.weft.common.cli.Cli;
import io.weft.common.cli.Durations;

class CertsMainTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void helpListsEveryCommand() {
        assertThat(run("--help")).isZero();
        assertThat(out()).contains("init", "inspect", "csr", "issue", "verify", "rotate");
        assertThat(run("issue", "--help")).isZero();
        assertThat(out()).contains("--csr=FILE", "--service=NAME", "--ttl=DURATION", "env WEFT_TTL, default: 24h");
        assertThat(run("help", "issue")).isZero();
        assertThat(out()).contains("--csr=FILE");
        assertThat(run()).isEqualTo(2);
        assertThat(err()).contains("init", "rotate");
        assertThat(run("bogus")).isEqualTo(2);
        assertThat(err()).contains("'bogus'");
    }

    @Test
    void initDefaultsAreTheLibrarysDefaults() {
        final InitCommand init = Cli.parse(new InitCommand(), List.of("--dir", dir.toString()), Map.of());
        assertThat(init.caOptions()).isEqualTo(CaOptions.builder().build());
        assertThat(Arrays.stream(InitCommand.KeyTypes.NAMES.split(", ")).map(KeyType::parse))
                .containsExactly(KeyType.values());
    }

    @Test
    void optionsFallBackToTheirEnvironmentVariables() {
        final Path ca = dir.resolve("ca");
        assertThat(run(Map.of("WEFT_TRUST_DOMAIN", "env.test", "WEFT_DIR", ca.toString()), "init")).as(err())
                .isZero();
        assertThat(out()).contains("Wrote CA for trust domain env.test, datacenter dc1");
    }

    @Test
    void initCsrIssueInspectAndRotate() throws Exception {
        final Path ca = dir.resolve("ca");
        assertThat(run("init", "--dir", ca.toString(), "--trust-domain", "mesh.test", "--datacenter", "eu1"))
                .as(err()).isZero();
        assertThat(out()).contains("Wrote CA for trust domain mesh.test, datacenter eu1");
        assertThat(run("init", "--dir", ca.toString())).isEqualTo(1);
        assertThat(err()).contains("root.pem: exists", "--force");

        final Path key = dir.resolve("sum.key");
        final Path csr = dir.resolve("sum.csr");
        assertThat(run("csr", "--service", "sum", "--trust-domain", "mesh.test", "--datacenter", "eu1",
                       "--key-out", key.toString(), "--out", csr.toString())).as(err()).isZero();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");

        assertThat(run("issue", "--dir", ca.toString(), "--csr", csr.toString(), "--service", "sum", "--ttl", "1h"))
                .as(err()).isZero();
        final String chainPem = out();
        final Path chainFile = Files.writeString(dir.resolve("sum.pem"), chainPem);
        final CertificateAuthority loaded = CertificateAuthority.load(ca);
        assertThat(PeerVerifier.of(loaded.trustBundle(), "mesh.test")
                               .verify(Pem.parseCertificates(chainPem).toArray(new java.security.cert.X509Certificate[0]),
                                       Instant.now()).uri())
                .isEqualTo("spiffe://mesh.test/ns/default/dc/eu1/svc/sum");

        final String bundle = ca.resolve("trust-bundle.pem").toString();
        assertThat(run("verify", "--bundle", bundle, "--trust-domain", "mesh.test", chainFile.toString()))
                .as(err()).isZero();
        assertThat(out()).isEqualTo("OK spiffe://mesh.test/ns/default/dc/eu1/svc/sum" + System.lineSeparator());
        assertThat(run("verify", "--bundle", bundle, "--trust-domain", "mesh.test", "--at",
                       Instant.now().plus(java.time.Duration.ofDays(2)).toString(), chainFile.toString()))
                .isEqualTo(1);
        assertThat(out()).startsWith("REJECTED EXPIRED: certificate 0 (CN=sum,O=mesh.test): expired");
        assertThat(run("verify", "--bundle", bundle, chainFile.toString())).isEqualTo(1);
        assertThat(out()).contains("REJECTED WRONG_TRUST_DOMAIN: trustDomain: 'mesh.test'");

        assertThat(run("inspect", chainFile.toString())).as(err()).isZero();
        assertThat(out()).contains("Certificate 1 of 2", "Subject:        CN=sum,O=mesh.test",
                                   "SPIFFE ID:      spiffe://mesh.test/ns/default/dc/eu1/svc/sum",
                                   "DNS:sum", "(valid now)", "SHA-256:", "CA:             yes, path length 0");

        assertThat(run("issue", "--dir", ca.toString(), "--csr", csr.toString(), "--service", "hello")).isEqualTo(1);
        assertThat(err()).contains("refused: SERVICE_NOT_ENTITLED: service: 'sum' (expected: 'hello'");
        assertThat(run("issue", "--dir", ca.toString(), "--csr", csr.toString(), "--service", "sum", "--ttl", "8d"))
                .isEqualTo(1);
        assertThat(err()).contains("TTL_TOO_LONG");

        assertThat(run("rotate", "--dir", ca.toString())).as(err()).isZero();
        assertThat(out()).contains("trusted roots: 2");
        assertThat(CertificateAuthority.load(ca).crossSignedRoot()).isPresent();
        assertThat(run("rotate", "--dir", ca.toString(), "--finish")).as(err()).isZero();
        assertThat(CertificateAuthority.load(ca).trustBundle().roots()).hasSize(1);
    }

    @Test
    void badInputGivesClearMessages() throws Exception {
        final Path garbage = Files.writeString(dir.resolve("garbage.pem"), "not pem");
        assertThat(run("inspect", garbage.toString())).isEqualTo(1);
        assertThat(err()).contains("garbage.pem: pem: no PEM block found");
        assertThat(run("inspect")).isEqualTo(2);
        assertThat(err()).contains("FILE.pem");
        assertThat(run("issue", "--csr", garbage.toString(), "--service", "sum", "--ttl", "soon")).isEqualTo(2);
        assertThat(err()).contains("--ttl", "'soon'", "(expected: " + Durations.EXPECTED);
        assertThat(run("issue", "--csr", garbage.toString())).isEqualTo(2);
        assertThat(err()).contains("Missing required option", "--service");
        assertThat(run("verify", "--bundle", garbage.toString(), "--at", "tomorrow", garbage.toString()))
                .isEqualTo(2);
        assertThat(err()).contains("--at", "'tomorrow'", "(expected: an ISO-8601 instant");
        assertThat(run("issue", "--dir", dir.toString(), "--csr", garbage.toString(), "--service", "sum"))
                .isEqualTo(1);
        assertThat(err()).contains("root.pem: missing");
        assertThat(run("init", "--dir", dir.resolve("x").toString(), "--key-type", "dsa")).isEqualTo(2);
        assertThat(err()).contains("--key-type", "'dsa' (expected: one of ec-p256");
        assertThat(run("init", "--dir", dir.resolve("x").toString(), "--trust-domain", "Bad_Domain")).isEqualTo(1);
        assertThat(err()).contains("certs init: ", "Bad_Domain");
        assertThat(run("init", "--dir", dir.resolve("x").toString(), "--frobnicate")).isEqualTo(2);
        assertThat(err()).contains("Unknown option: '--frobnicate'");
    }

    private int run(String... args) {
        return run(Map.of(), args);
    }

    private int run(Map<String, String> env, String... args) {
        out.reset();
        err.reset();
        return CertsMain.run(args, env, new PrintStream(out, true, StandardCharsets.UTF_8),
                             new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }
}
