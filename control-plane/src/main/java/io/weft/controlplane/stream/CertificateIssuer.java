package io.weft.controlplane.stream;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

import javax.annotation.concurrent.ThreadSafe;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.grpc.Status;
import io.grpc.StatusException;
import io.weft.certs.CertificateIssuanceException;
import io.weft.certs.IssuedCertificate;
import io.weft.controlplane.ca.MeshCa;
import io.weft.controlplane.metrics.ControlPlaneMetrics;

/**
 * Signs sidecars' CSRs with the mesh CA, counting what it issues and refuses. Checking and signing a CSR
 * blocks, so it runs on the blocking executor, never on the stream's event loop.
 */
@ThreadSafe
final class CertificateIssuer {

    private static final Logger logger = LoggerFactory.getLogger(CertificateIssuer.class);

    private final MeshCa ca;
    private final Duration leafTtl;
    private final Executor blockingExecutor;
    private final ControlPlaneMetrics metrics;

    CertificateIssuer(MeshCa ca, Duration leafTtl, Executor blockingExecutor, ControlPlaneMetrics metrics) {
        this.ca = requireNonNull(ca, "ca");
        this.leafTtl = requireNonNull(leafTtl, "leafTtl");
        this.blockingExecutor = requireNonNull(blockingExecutor, "blockingExecutor");
        this.metrics = requireNonNull(metrics, "metrics");
    }

    /**
     * A leaf for {@code service} from {@code csrPem}. A refusal fails the future with a {@link StatusException}
     * carrying the status to end the stream with: PERMISSION_DENIED for another service's identity,
     * INVALID_ARGUMENT for a bad request, INTERNAL when the CA itself cannot issue ({@link StreamErrors}).
     */
    CompletableFuture<IssuedCertificate> issue(String csrPem, String service) {
        final CompletableFuture<IssuedCertificate> result = new CompletableFuture<>();
        CompletableFuture.supplyAsync(() -> ca.issue(csrPem, service, leafTtl), blockingExecutor)
                         .whenComplete((issued, cause) -> {
                             if (cause == null) {
                                 metrics.certificateIssued();
                                 result.complete(issued);
                             } else {
                                 result.completeExceptionally(refusal(service, cause));
                             }
                         });
        return result;
    }

    private StatusException refusal(String service, Throwable cause) {
        final Throwable e = cause instanceof CompletionException && cause.getCause() != null
                            ? cause.getCause() : cause;
        if (e instanceof CertificateIssuanceException refused) {
            metrics.certificateRejected(refused.reason().name());
            logger.warn("Certificate request for {} refused: {}", service, refused.getMessage());
            return StreamErrors.forIssuance(refused).asException();
        }
        metrics.certificateRejected("internal");
        logger.error("Issuing a certificate for {} failed", service, e);
        return Status.INTERNAL.withDescription("issuing a certificate failed: " + e).asException();
    }
}
