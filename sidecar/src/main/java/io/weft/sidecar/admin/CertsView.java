package io.weft.sidecar.admin;

import java.security.cert.X509Certificate;
import java.util.List;

import io.weft.common.annotation.Nullable;
import io.weft.certs.TrustBundle;
import io.weft.sidecar.identity.Credentials;
import io.weft.sidecar.identity.IdentityManager;
import io.weft.sidecar.discovery.MeshState;

/**
 * The admin {@code /certs} document: this sidecar's certificate (chain, expiry, rotations) and the trust
 * bundle it verifies peers with. The first three are {@code null} before the first certificate.
 */
public record CertsView(@Nullable String spiffeId, @Nullable Long version, @Nullable Double secondsToExpiry,
                        long rotations, List<CertificateSummary> chain, List<CertificateSummary> trustBundle) {

    /** One certificate, as an operator compares it with {@code openssl x509 -text}. */
    public record CertificateSummary(String subject, String issuer, String serial, String notBefore,
                                     String notAfter) {
        static CertificateSummary of(X509Certificate cert) {
            return new CertificateSummary(cert.getSubjectX500Principal().getName(),
                                          cert.getIssuerX500Principal().getName(),
                                          cert.getSerialNumber().toString(16),
                                          cert.getNotBefore().toInstant().toString(),
                                          cert.getNotAfter().toInstant().toString());
        }
    }

    public static CertsView of(IdentityManager identity, MeshState state) {
        final Credentials c = identity.current();
        final TrustBundle bundle = state.trustBundle();
        return new CertsView(c == null ? null : c.spiffeId().uri(),
                             c == null ? null : c.version(),
                             c == null ? null : identity.secondsToExpiry(),
                             identity.rotations(),
                             c == null ? List.of() : summaries(c.chain()),
                             bundle == null ? List.of() : summaries(bundle.roots()));
    }

    private static List<CertificateSummary> summaries(List<X509Certificate> certs) {
        return certs.stream().map(CertificateSummary::of).toList();
    }
}
