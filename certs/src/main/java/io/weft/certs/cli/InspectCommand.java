package io.weft.certs.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.bouncycastle.asn1.ASN1IA5String;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;

import io.weft.certs.Pem;
import io.weft.certs.internal.KeyPolicy;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code certs inspect FILE.pem}: describe certificates or a certificate request. */
@Command(name = "inspect", sortOptions = false,
         header = "describe the certificates (or the CSR) in a PEM file",
         description = "Prints, for every certificate in the file: subject, issuer, serial, SANs, SPIFFE ID, " +
                         "validity (and whether it holds now), CA constraints, key and SHA-256 fingerprint. For a " +
                         "CERTIFICATE REQUEST: subject, requested SANs and key.")
final class InspectCommand extends CertsCommand {

    @Parameters(paramLabel = "FILE.pem", description = "certificates or a certificate request, PEM")
    private Path file = Path.of("");

    @Override
    int run(PrintWriter out) throws Exception {
        final String pem = Files.readString(file, StandardCharsets.US_ASCII);
        try {
            if (pem.contains("-----BEGIN CERTIFICATE REQUEST-----")) {
                out.print(describeCsr(Pem.parseCsr(pem)));
                return 0;
            }
            final List<X509Certificate> certificates = Pem.parseCertificates(pem);
            final Instant now = Instant.now();
            for (int i = 0; i < certificates.size(); i++) {
                out.println("Certificate " + (i + 1) + " of " + certificates.size() + " in " + file);
                out.print(Describe.full(certificates.get(i), now));
            }
            return 0;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    private static String describeCsr(PKCS10CertificationRequest csr) throws Exception {
        final StringBuilder text = new StringBuilder("Certificate request\n");
        Describe.line(text, "Subject", csr.getSubject().toString());
        final List<String> sans = new ArrayList<>();
        final GeneralNames names = csr.getRequestedExtensions() == null ? null
                : GeneralNames.fromExtensions(csr.getRequestedExtensions(), Extension.subjectAlternativeName);
        if (names != null) {
            for (GeneralName name : names.getNames()) {
                if (name.getTagNo() == GeneralName.uniformResourceIdentifier) {
                    sans.add("URI:" + ASN1IA5String.getInstance(name.getName()).getString());
                } else if (name.getTagNo() == GeneralName.dNSName) {
                    sans.add("DNS:" + ASN1IA5String.getInstance(name.getName()).getString());
                } else {
                    sans.add(name.toString());
                }
            }
        }
        Describe.line(text, "SANs", sans.isEmpty() ? "(none)" : String.join(", ", sans));
        Describe.line(text, "SPIFFE ID", Describe.spiffeId(sans));
        Describe.line(text, "Key", KeyPolicy.describe(new JcaPKCS10CertificationRequest(csr).getPublicKey()));
        return text.toString();
    }
}
