package io.weft.certs.internal;

import java.net.InetAddress;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import org.bouncycastle.asn1.ASN1IA5String;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;

/** Reads and builds subjectAltName values; weft only ever uses URI, DNS and IP entries. */
public final class SubjectAltNames {

    private static final int URI = 6;

    /** Returns the URI entries of a certificate's subjectAltName, in order (empty if it has none). */
    public static List<String> uris(X509Certificate certificate) throws CertificateParsingException {
        final Collection<List<?>> names = certificate.getSubjectAlternativeNames();
        if (names == null) {
            return List.of();
        }
        final List<String> uris = new ArrayList<>(1);
        for (List<?> name : names) {
            if (((Integer) name.get(0)) == URI) {
                uris.add((String) name.get(1));
            }
        }
        return uris;
    }

    /** Returns the URI entries of the subjectAltName among requested extensions ({@code null}: none). */
    public static List<String> uris(Extensions extensions) {
        if (extensions == null) {
            return List.of();
        }
        final GeneralNames names = GeneralNames.fromExtensions(extensions, Extension.subjectAlternativeName);
        if (names == null) {
            return List.of();
        }
        final List<String> uris = new ArrayList<>(1);
        for (GeneralName name : names.getNames()) {
            if (name.getTagNo() == GeneralName.uniformResourceIdentifier) {
                uris.add(ASN1IA5String.getInstance(name.getName()).getString());
            }
        }
        return uris;
    }

    /** Builds a subjectAltName of one URI, then DNS names, then IP addresses. */
    public static GeneralNames of(String uri, List<String> dnsNames, List<InetAddress> ips) {
        final List<GeneralName> names = new ArrayList<>();
        names.add(new GeneralName(GeneralName.uniformResourceIdentifier, uri));
        for (String dns : dnsNames) {
            names.add(new GeneralName(GeneralName.dNSName, dns));
        }
        for (InetAddress ip : ips) {
            names.add(new GeneralName(GeneralName.iPAddress, new DEROctetString(ip.getAddress())));
        }
        return new GeneralNames(names.toArray(new GeneralName[0]));
    }

    private SubjectAltNames() {}
}
