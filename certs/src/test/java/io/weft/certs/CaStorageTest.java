package io.weft.certs;

import static io.weft.certs.TestPki.NOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CaStorageTest {

    @TempDir
    Path dir;

    private final CertificateAuthority ca = TestPki.ca();

    @Test
    void savesKeysOwnerOnlyAndLoadsTheSameCa() throws Exception {
        ca.save(dir, false);
        assertThat(perms("root-key.pem")).isEqualTo("rw-------");
        assertThat(perms("intermediate-key.pem")).isEqualTo("rw-------");
        assertThat(perms("root.pem")).isEqualTo("rw-r--r--");
        assertThat(Files.readString(dir.resolve("root-key.pem"))).startsWith("-----BEGIN PRIVATE KEY-----");
        assertThat(Files.list(dir).map(p -> p.getFileName().toString()))
                .containsExactlyInAnyOrder("root.pem", "root-key.pem", "intermediate.pem", "intermediate-key.pem",
                                           "trust-bundle.pem");

        final CertificateAuthority loaded = CertificateAuthority.load(dir, TestPki.CLOCK);
        assertThat(loaded.rootCertificate()).isEqualTo(ca.rootCertificate());
        assertThat(loaded.intermediateCertificate()).isEqualTo(ca.intermediateCertificate());
        assertThat(loaded.trustDomain()).isEqualTo("weft.local");
        assertThat(loaded.datacenter()).isEqualTo("dc1");
        assertThat(TestPki.verifier(ca).verify(TestPki.leaf(loaded, "sum").chainArray(), NOW))
                .isEqualTo(TestPki.id("sum"));
    }

    @Test
    void refusesToOverwriteUnlessAsked() throws Exception {
        ca.save(dir, false);
        assertThatThrownBy(() -> ca.save(dir, false))
                .isInstanceOf(FileAlreadyExistsException.class)
                .hasMessageContaining("overwrite=true");
        final CertificateAuthority other = CertificateAuthority.generate(CaOptions.builder().clock(TestPki.CLOCK).build());
        other.save(dir, true);
        assertThat(CertificateAuthority.load(dir).rootCertificate()).isEqualTo(other.rootCertificate());
        assertThat(perms("root-key.pem")).isEqualTo("rw-------");
    }

    @Test
    void savesAndLoadsRsaCas() throws Exception {
        final CertificateAuthority rsa = CertificateAuthority.generate(
                CaOptions.builder().keyType(KeyType.RSA_2048).datacenter("eu-west").clock(TestPki.CLOCK).build());
        rsa.save(dir, false);
        final CertificateAuthority loaded = CertificateAuthority.load(dir, TestPki.CLOCK);
        assertThat(loaded.datacenter()).isEqualTo("eu-west");
        final String csr = CertificateSigningRequests.create(KeyPairs.generateEc(),
                                                             SpiffeId.of("weft.local", "eu-west", "sum"));
        assertThat(TestPki.verifier(rsa).verify(loaded.issue(csr, "sum").chainArray(), NOW).datacenter())
                .isEqualTo("eu-west");
    }

    @Test
    void explainsMissingOrBrokenFiles() throws Exception {
        assertThatThrownBy(() -> CertificateAuthority.load(dir))
                .isInstanceOf(NoSuchFileException.class)
                .hasMessageContaining("root.pem")
                .hasMessageContaining("expected: a CA directory");
        ca.save(dir, false);
        Files.writeString(dir.resolve("intermediate.pem"), "garbage");
        assertThatThrownBy(() -> CertificateAuthority.load(dir))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("intermediate.pem: pem: no PEM block found");
        Files.writeString(dir.resolve("intermediate.pem"), Pem.certificateToPem(ca.intermediateCertificate()));
        Files.writeString(dir.resolve("intermediate-key.pem"), Pem.privateKeyToPem(KeyPairs.generateEc().getPrivate()));
        assertThatThrownBy(() -> CertificateAuthority.load(dir))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("intermediate-key.pem: key does not match the certificate");
    }

    private String perms(String name) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(name)));
    }
}
