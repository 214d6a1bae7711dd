package io.weft.certs;

import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

/** Shared certificate fixtures for the certs tests: one CA per JVM, leaves on demand. */
final class TestPki {

    static final String TRUST_DOMAIN = "weft.local";
    static final String DATACENTER = "dc1";
    /** A fixed instant, so tests never depend on the wall clock. */
    static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    private static final CertificateAuthority CA = CertificateAuthority.generate(
            CaOptions.builder().trustDomain(TRUST_DOMAIN).datacenter(DATACENTER).clock(CLOCK).build());

    static CertificateAuthority ca() {
        return CA;
    }

    static SpiffeId id(String service) {
        return SpiffeId.of(TRUST_DOMAIN, DATACENTER, service);
    }

    static String csr(String service) {
        return CertificateSigningRequests.create(KeyPairs.generateEc(), id(service));
    }

    static String csr(KeyPair keyPair, String service) {
        return CertificateSigningRequests.create(keyPair, id(service));
    }

    static IssuedCertificate leaf(CertificateAuthority ca, String service) {
        return ca.issue(csr(service), service, Duration.ofHours(24));
    }

    static IssuedCertificate leaf(String service) {
        return leaf(CA, service);
    }

    static PeerVerifier verifier(CertificateAuthority ca) {
        return PeerVerifier.of(ca.trustBundle(), ca.trustDomain());
    }

    private TestPki() {}
}
