package io.weft.controlplane.ca;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import javax.annotation.concurrent.ThreadSafe;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.linecorp.armeria.common.TlsKeyPair;

import io.weft.certs.CaOptions;
import io.weft.certs.CertificateAuthority;
import io.weft.certs.CertificateIssuanceException;
import io.weft.certs.IssuedCertificate;
import io.weft.certs.KeyPairs;
import io.weft.certs.Pem;
import io.weft.certs.SpiffeId;
import io.weft.controlplane.snapshot.TrustRoots;

/**
 * Wraps the certs module's {@link CertificateAuthority} for the control plane. Every method may block
 * (file IO, key generation, signing): call them from a blocking executor, never an event loop.
 */
@ThreadSafe
public final class MeshCa {

    /** The file in the CA directory that sidecars read for bootstrap trust. */
    public static final String ROOT_PEM = "root.pem";

    private static final Logger logger = LoggerFactory.getLogger(MeshCa.class);
    private static final InetAddress LOOPBACK_V4;

    static {
        try {
            LOOPBACK_V4 = InetAddress.getByAddress("localhost", new byte[] { 127, 0, 0, 1 });
        } catch (java.net.UnknownHostException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final CertificateAuthority ca;
    private final Path dir;

    private MeshCa(CertificateAuthority ca, Path dir) {
        this.ca = ca;
        this.dir = dir;
    }

    /**
     * Loads the CA in {@code dir}, or creates one there (and writes {@code root.pem}) when the directory
     * holds none. Two control planes starting at once on one directory end up with the same CA.
     *
     * @throws IllegalStateException if the CA in {@code dir} is for another trust domain or datacenter
     */
    public static MeshCa loadOrCreate(Path dir, String trustDomain, String datacenter, Clock clock)
            throws IOException {
        requireNonNull(dir, "dir");
        CertificateAuthority ca;
        if (Files.exists(dir.resolve(ROOT_PEM))) {
            ca = load(dir, clock);
        } else {
            Files.createDirectories(dir);
            ca = CertificateAuthority.generate(CaOptions.builder().trustDomain(trustDomain).datacenter(datacenter)
                                                        .clock(clock).build());
            try {
                ca.save(dir, false);
                logger.info("Created a new mesh CA in {} (trust domain {}, datacenter {})", dir, trustDomain,
                            datacenter);
            } catch (FileAlreadyExistsException e) {
                // Another replica created it first: use theirs.
                ca = load(dir, clock);
            }
        }
        if (!ca.trustDomain().equals(trustDomain) || !ca.datacenter().equals(datacenter)) {
            throw new IllegalStateException(
                    "CA in " + dir + " is for trust domain " + ca.trustDomain() + ", datacenter " + ca.datacenter() +
                    " (expected: " + trustDomain + ", " + datacenter + "; use another --ca-dir or matching flags)");
        }
        return new MeshCa(ca, dir);
    }

    private static CertificateAuthority load(Path dir, Clock clock) throws IOException {
        // A replica may be between writing root.pem and the rest; give it a moment.
        for (int attempt = 1; ; attempt++) {
            try {
                return CertificateAuthority.load(dir, clock);
            } catch (NoSuchFileException e) {
                if (attempt == 20) {
                    throw e;
                }
                try {
                    Thread.sleep(100);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    /** Where sidecars read the root certificate (PEM) they trust when they first connect. */
    public Path rootPemFile() {
        return dir.resolve(ROOT_PEM);
    }

    public String trustDomain() {
        return ca.trustDomain();
    }

    public String datacenter() {
        return ca.datacenter();
    }

    public SpiffeId identityOf(String service) {
        return SpiffeId.of(ca.trustDomain(), ca.datacenter(), service);
    }

    public TrustRoots trustRoots() {
        return new TrustRoots(ca.trustDomain(),
                              ca.trustBundle().roots().stream().map(Pem::certificateToPem).toList());
    }

    /**
     * Signs {@code csrPem} for {@code entitledService}.
     *
     * @throws CertificateIssuanceException with the reason the request was refused
     */
    public IssuedCertificate issue(String csrPem, String entitledService, Duration ttl) {
        return ca.issue(csrPem, entitledService, ttl);
    }

    /**
     * A fresh key pair and server certificate for the control plane itself: SANs DNS {@code localhost},
     * IP {@code 127.0.0.1} and the control plane's SPIFFE ID.
     */
    public TlsKeyPair serverKeyPair(String service, List<String> dnsNames, Duration ttl) {
        final java.security.KeyPair keys = KeyPairs.generateEc();
        final IssuedCertificate cert = ca.issueServerCertificate(
                keys, identityOf(service), dnsNames, List.of(LOOPBACK_V4), ttl);
        return TlsKeyPair.of(keys.getPrivate(), cert.chain());
    }
}
