package io.weft.sidecar.identity;

import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;

import io.weft.certs.SpiffeId;

/** Reads the SPIFFE ID from a certificate's URI SAN. */
public final class SpiffeIds {
    private static final int URI_SAN = 6;

    /** @throws IllegalArgumentException when the certificate carries no single SPIFFE URI SAN */
    public static SpiffeId of(X509Certificate certificate) {
        final Collection<List<?>> sans;
        try {
            sans = certificate.getSubjectAlternativeNames();
        } catch (CertificateParsingException e) {
            throw new IllegalArgumentException("unreadable subject alternative names", e);
        }
        if (sans != null) {
            for (List<?> san : sans) {
                if ((Integer) san.get(0) == URI_SAN && SpiffeId.looksLikeSpiffeId((String) san.get(1))) {
                    return SpiffeId.parse((String) san.get(1));
                }
            }
        }
        throw new IllegalArgumentException("certificate " + certificate.getSubjectX500Principal() +
                                           ": no spiffe:// URI SAN");
    }

    private SpiffeIds() {}
}
