package io.weft.certs;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.KeyPair;
import java.util.List;

import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

import io.weft.certs.internal.Signers;
import io.weft.certs.internal.SubjectAltNames;

/**
 * The requesting side: a PKCS#10 request for a SPIFFE identity. The request carries the SPIFFE ID as
 * its only URI SAN and the service name as a DNS SAN; the CA rebuilds the leaf's extensions from policy
 * and does not copy these. Stateless and thread-safe; signing is CPU work of well under a millisecond.
 */
public final class CertificateSigningRequests {

    /** Returns a PEM {@code CERTIFICATE REQUEST} for {@code id}, signed with {@code keyPair}. */
    public static String create(KeyPair keyPair, SpiffeId id) {
        return Pem.csrToPem(build(keyPair, id));
    }

    /** Same as {@link #create(KeyPair, SpiffeId)} without the PEM step. */
    public static PKCS10CertificationRequest build(KeyPair keyPair, SpiffeId id) {
        requireNonNull(keyPair, "keyPair");
        requireNonNull(id, "id");
        final X500Name subject = new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.O, id.trustDomain())
                .addRDN(BCStyle.CN, id.service())
                .build();
        try {
            final ExtensionsGenerator extensions = new ExtensionsGenerator();
            extensions.addExtension(Extension.subjectAlternativeName, false,
                                    SubjectAltNames.of(id.uri(), List.of(id.service()), List.of()));
            return new JcaPKCS10CertificationRequestBuilder(subject, keyPair.getPublic())
                    .addAttribute(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest, extensions.generate())
                    .build(Signers.forKey(keyPair.getPrivate()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private CertificateSigningRequests() {}
}
