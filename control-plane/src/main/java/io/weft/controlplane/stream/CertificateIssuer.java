package io.weft.controlplane.stream;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

import javax.annotation.concurrent.ThreadSafe;

import io.weft.certs.IssuedCertificate;
import io.weft.controlplane.ca.MeshCa;

/**
 * Signs sidecars' CSRs with the mesh CA. Checking and signing a CSR blocks, so it runs on the blocking
 * executor, never on the stream's event loop.
 */
@ThreadSafe
final class CertificateIssuer {

    private final MeshCa ca;
    private final Duration leafTtl;
    private final Executor blockingExecutor;

    CertificateIssuer(MeshCa ca, Duration leafTtl, Executor blockingExecutor) {
        this.ca = requireNonNull(ca, "ca");
        this.leafTtl = requireNonNull(leafTtl, "leafTtl");
        this.blockingExecutor = requireNonNull(blockingExecutor, "blockingExecutor");
    }

    /**
     * A leaf for {@code service} from {@code csrPem}; fails with a
     * {@link io.weft.certs.CertificateIssuanceException} when the CA refuses the request.
     */
    CompletableFuture<IssuedCertificate> issue(String csrPem, String service) {
        return CompletableFuture.supplyAsync(() -> ca.issue(csrPem, service, leafTtl), blockingExecutor);
    }
}
