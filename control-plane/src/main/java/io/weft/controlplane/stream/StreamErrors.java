package io.weft.controlplane.stream;

import io.grpc.Status;
import io.weft.certs.CertificateIssuanceException;

/** The gRPC status that ends a stream for each kind of refusal. */
final class StreamErrors {

    private StreamErrors() {}

    /** A CSR the CA refused: someone else's identity is PERMISSION_DENIED, a bad request INVALID_ARGUMENT. */
    static Status forIssuance(CertificateIssuanceException e) {
        switch (e.reason()) {
            case SERVICE_NOT_ENTITLED:
            case WRONG_TRUST_DOMAIN:
            case WRONG_DATACENTER:
                return Status.PERMISSION_DENIED.withDescription("certificate request refused: " + e.getMessage());
            case CA_EXPIRED:
            case TTL_TOO_SHORT:
            case TTL_TOO_LONG:
                return Status.INTERNAL.withDescription("the control plane cannot issue: " + e.getMessage());
            default:
                return Status.INVALID_ARGUMENT.withDescription("certificate request refused: " + e.getMessage());
        }
    }
}
