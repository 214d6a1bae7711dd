package io.weft.certs.cli;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;

import io.weft.certs.SpiffeId;
import io.weft.certs.internal.KeyPolicy;

/** Human-readable descriptions of certificates for the CLI. */
final class Describe {

    private static final String[] SAN_TYPES = { "other", "email", "DNS", "x400", "dir", "edi", "URI", "IP", "RID" };

    static String oneLine(X509Certificate cert) {
        return cert.getSubjectX500Principal().getName() + ", valid until " + cert.getNotAfter().toInstant() +
               ", SHA-256 " + fingerprint(cert);
    }

    static String full(X509Certificate cert, Instant now) throws CertificateParsingException {
        final StringBuilder text = new StringBuilder();
        line(text, "Subject", cert.getSubjectX500Principal().getName());
        line(text, "Issuer", cert.getIssuerX500Principal().getName());
        line(text, "Serial", cert.getSerialNumber().toString(16));
        final List<String> sans = sans(cert.getSubjectAlternativeNames());
        line(text, "SANs", sans.isEmpty() ? "(none)" : String.join(", ", sans));
        line(text, "SPIFFE ID", spiffeId(sans));
        final Instant notBefore = cert.getNotBefore().toInstant();
        final Instant notAfter = cert.getNotAfter().toInstant();
        final String state = now.isBefore(notBefore) ? "NOT YET VALID" : now.isAfter(notAfter) ? "EXPIRED" : "valid now";
        line(text, "Validity", notBefore + " to " + notAfter + " (" + state + ')');
        final int pathLen = cert.getBasicConstraints();
        line(text, "CA", pathLen < 0 ? "no" : pathLen == Integer.MAX_VALUE ? "yes" : "yes, path length " + pathLen);
        final List<String> eku = cert.getExtendedKeyUsage();
        if (eku != null) {
            line(text, "Ext. key usage", String.join(", ", eku.stream().map(Describe::eku).toList()));
        }
        line(text, "Key", KeyPolicy.describe(cert.getPublicKey()));
        line(text, "Self-signed", cert.getSubjectX500Principal().equals(cert.getIssuerX500Principal()) ? "yes" : "no");
        line(text, "SHA-256", fingerprint(cert));
        return text.toString();
    }

    static List<String> sans(Collection<List<?>> names) {
        final List<String> sans = new ArrayList<>();
        if (names != null) {
            for (List<?> name : names) {
                final int type = (Integer) name.get(0);
                sans.add((type < SAN_TYPES.length ? SAN_TYPES[type] : "type" + type) + ':' + name.get(1));
            }
        }
        return sans;
    }

    static String spiffeId(List<String> sans) {
        final List<String> ids = new ArrayList<>();
        for (String san : sans) {
            if (san.startsWith("URI:")) {
                final String uri = san.substring(4);
                if (SpiffeId.looksLikeSpiffeId(uri) && uri.indexOf('/', SpiffeId.SCHEME.length() + 3) < 0) {
                    ids.add(uri + " (trust domain)");
                    continue;
                }
                try {
                    ids.add(SpiffeId.parse(uri).uri());
                } catch (IllegalArgumentException e) {
                    ids.add(SpiffeId.looksLikeSpiffeId(uri) ? uri + " (malformed: " + e.getMessage() + ')' : "");
                }
            }
        }
        ids.removeIf(String::isEmpty);
        return ids.isEmpty() ? "(none)" : String.join(", ", ids);
    }

    static void line(StringBuilder text, String label, String value) {
        text.append(String.format("  %-15s %s%n", label + ':', value));
    }

    static String fingerprint(X509Certificate cert) {
        try {
            final byte[] digest = MessageDigest.getInstance("SHA-256").digest(cert.getEncoded());
            return HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest);
        } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String eku(String oid) {
        switch (oid) {
            case "1.3.6.1.5.5.7.3.1": return "serverAuth";
            case "1.3.6.1.5.5.7.3.2": return "clientAuth";
            default: return oid;
        }
    }

    private Describe() {}
}
