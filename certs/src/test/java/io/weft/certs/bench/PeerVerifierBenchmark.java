package io.weft.certs.bench;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

import io.weft.certs.CaOptions;
import io.weft.certs.CertificateAuthority;
import io.weft.certs.CertificateSigningRequests;
import io.weft.certs.KeyPairs;
import io.weft.certs.PeerVerificationException;
import io.weft.certs.PeerVerifier;
import io.weft.certs.SpiffeId;

/**
 * How many {@link PeerVerifier#verify} calls per second one verifier sustains, on 1 thread and on all
 * cores, for a normal chain, an overlap chain (leaf, intermediate, cross-signed root) and a chain the
 * verifier has already accepted (its cache of verified chains). A plain
 * main-method benchmark, not a test; run it with:
 * <pre>
 * ./mvnw -B -q -o -pl certs package -DskipTests && \
 *     java -cp certs/target/certs.jar:certs/target/test-classes io.weft.certs.bench.PeerVerifierBenchmark [SECONDS]
 * </pre>
 */
public final class PeerVerifierBenchmark {

    private static volatile Object sink;

    public static void main(String[] args) throws Exception {
        final Duration run = Duration.ofSeconds(args.length > 0 ? Long.parseLong(args[0]) : 3);
        final CertificateAuthority ca = CertificateAuthority.generate(CaOptions.of("weft.local"));
        final X509Certificate[] chain = leaf(ca);
        final CertificateAuthority rotated = ca.rotateRoot();
        final X509Certificate[] overlapChain = leaf(rotated);
        // Cache off: every call does the full PKIX validation (a peer's first handshake).
        final PeerVerifier verifier = new PeerVerifier(ca.trustBundle(), "weft.local", 0);
        final PeerVerifier rotatedVerifier = new PeerVerifier(rotated.trustBundle(), "weft.local", 0);
        // Cache on (the default): a peer reconnecting with the same chain.
        final PeerVerifier cached = PeerVerifier.of(ca.trustBundle(), "weft.local");
        final int cores = Runtime.getRuntime().availableProcessors();

        System.out.printf("PeerVerifier benchmark: EC P-256 chains, %s per measurement, %d cores%n", run, cores);
        measure("warm-up", verifier, chain, 1, run);
        for (int threads : List.of(1, cores)) {
            measure("full check, leaf+intermediate, " + threads + " thread(s)", verifier, chain, threads, run);
            measure("full check, leaf+intermediate+cross-signed root, " + threads + " thread(s)",
                    rotatedVerifier, overlapChain, threads, run);
            measure("remembered chain (default cache), " + threads + " thread(s)", cached, chain, threads, run);
        }
    }

    private static X509Certificate[] leaf(CertificateAuthority ca) {
        final String csr = CertificateSigningRequests.create(KeyPairs.generateEc(),
                                                             SpiffeId.of("weft.local", "dc1", "sum"));
        return ca.issue(csr, "sum").chainArray();
    }

    private static void measure(String label, PeerVerifier verifier, X509Certificate[] chain, int threads,
                                Duration run) throws InterruptedException {
        final LongAdder count = new LongAdder();
        final long deadline = System.nanoTime() + run.toNanos();
        final List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            final Thread worker = new Thread(() -> {
                final Instant now = Instant.now();
                while (System.nanoTime() < deadline) {
                    try {
                        sink = verifier.verify(chain, now);
                    } catch (PeerVerificationException e) {
                        throw new IllegalStateException(e);
                    }
                    count.increment();
                }
            });
            workers.add(worker);
            worker.start();
        }
        for (Thread worker : workers) {
            worker.join();
        }
        System.out.printf("%-70s %,12.0f verifications/s%n", label, count.sum() / (run.toNanos() / 1e9));
    }

    private PeerVerifierBenchmark() {}
}
