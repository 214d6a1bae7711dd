package io.weft.certs.internal;

import java.security.NoSuchAlgorithmException;
import java.security.InvalidKeyException;
import java.security.PublicKey;
import java.util.List;

import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.PKCSException;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;

import io.weft.certs.CertificateIssuanceException;
import io.weft.certs.CertificateIssuanceException.Reason;
import io.weft.certs.Pem;
import io.weft.certs.SpiffeId;

/**
 * Checks a PKCS#10 request in the order the issue lists them: well-formed, key allowed, signature valid,
 * exactly one URI SAN that is a SPIFFE ID of our trust domain and datacenter, naming the entitled service.
 * Only the public key and the parsed identity leave here; nothing else of the request is used.
 */
public final class CsrChecks {

    /** What survives the checks. */
    public record Accepted(PublicKey publicKey, SpiffeId spiffeId) {}

    /** Runs every check, throwing {@link CertificateIssuanceException} on the first failure. */
    public static Accepted check(String csrPem, String trustDomain, String datacenter, String entitledService) {
        final PKCS10CertificationRequest csr;
        try {
            csr = Pem.parseCsr(csrPem);
        } catch (IllegalArgumentException e) {
            throw new CertificateIssuanceException(Reason.MALFORMED_CSR, "csr: " + e.getMessage(), e);
        }
        final SubjectPublicKeyInfo keyInfo = csr.getSubjectPublicKeyInfo();
        final String keyViolation = KeyPolicy.violation(keyInfo);
        if (keyViolation != null) {
            throw new CertificateIssuanceException(Reason.KEY_NOT_ALLOWED, keyViolation);
        }
        final PublicKey publicKey = verifySignature(csr);
        final Extensions extensions;
        try {
            extensions = csr.getRequestedExtensions();
        } catch (RuntimeException e) {
            throw new CertificateIssuanceException(Reason.MALFORMED_CSR,
                    "csr: unreadable extensionRequest attribute (expected: X.509 extensions)", e);
        }
        final SpiffeId id = spiffeId(SubjectAltNames.uris(extensions), trustDomain, datacenter);
        if (!id.service().equals(entitledService)) {
            throw new CertificateIssuanceException(Reason.SERVICE_NOT_ENTITLED,
                    "service: '" + id.service() + "' (expected: '" + entitledService + "', the caller's service)");
        }
        return new Accepted(publicKey, id);
    }

    /** Checks that {@code id} belongs to {@code trustDomain} and {@code datacenter}. */
    public static void checkScope(SpiffeId id, String trustDomain, String datacenter) {
        if (!id.trustDomain().equals(trustDomain)) {
            throw new CertificateIssuanceException(Reason.WRONG_TRUST_DOMAIN,
                    "trustDomain: '" + id.trustDomain() + "' in " + id + " (expected: '" + trustDomain + "')");
        }
        if (!id.datacenter().equals(datacenter)) {
            throw new CertificateIssuanceException(Reason.WRONG_DATACENTER,
                    "datacenter: '" + id.datacenter() + "' in " + id + " (expected: '" + datacenter + "')");
        }
    }

    private static PublicKey verifySignature(PKCS10CertificationRequest csr) {
        try {
            // Convert first: the JDK has no KeyFactory registered under the EC key OID itself.
            final PublicKey publicKey = new JcaPKCS10CertificationRequest(csr).getPublicKey();
            if (!csr.isSignatureValid(new JcaContentVerifierProviderBuilder().build(publicKey))) {
                throw new CertificateIssuanceException(Reason.INVALID_SIGNATURE,
                        "csr: signature does not verify with the request's own public key");
            }
            return publicKey;
        } catch (OperatorCreationException | PKCSException | NoSuchAlgorithmException | InvalidKeyException e) {
            throw new CertificateIssuanceException(Reason.INVALID_SIGNATURE,
                    "csr: signature cannot be checked: " + e.getMessage(), e);
        }
    }

    private static SpiffeId spiffeId(List<String> uris, String trustDomain, String datacenter) {
        if (uris.isEmpty()) {
            throw new CertificateIssuanceException(Reason.NO_SPIFFE_ID,
                    "csr: no URI SAN (expected: exactly one, the SPIFFE ID)");
        }
        if (uris.size() > 1) {
            throw new CertificateIssuanceException(Reason.MULTIPLE_URI_SANS,
                    "csr: URI SANs " + uris + " (expected: exactly one, the SPIFFE ID)");
        }
        final SpiffeId id;
        try {
            id = SpiffeId.parse(uris.get(0));
        } catch (IllegalArgumentException e) {
            throw new CertificateIssuanceException(Reason.INVALID_SPIFFE_ID, e.getMessage(), e);
        }
        checkScope(id, trustDomain, datacenter);
        return id;
    }

    private CsrChecks() {}
}
