package io.weft.certs;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;

/**
 * PEM encoding and decoding of certificates, private keys (PKCS#8 out; PKCS#8, SEC1 and PKCS#1 in) and
 * PKCS#10 requests. Every parse error is an {@link IllegalArgumentException} that says what was found and
 * what was expected. Stateless and thread-safe.
 */
public final class Pem {

    private static final JcaX509CertificateConverter CERT_CONVERTER = new JcaX509CertificateConverter();

    /** Returns the PEM {@code CERTIFICATE} blocks of {@code certificates}, in order. */
    public static String certificatesToPem(List<X509Certificate> certificates) {
        requireNonNull(certificates, "certificates");
        return write(certificates.toArray());
    }

    /** Returns the PEM {@code CERTIFICATE} block of {@code certificate}. */
    public static String certificateToPem(X509Certificate certificate) {
        return write(requireNonNull(certificate, "certificate"));
    }

    /** Returns the PKCS#8 {@code PRIVATE KEY} block of {@code key}. */
    public static String privateKeyToPem(PrivateKey key) {
        requireNonNull(key, "key");
        try {
            return write(new JcaPKCS8Generator(key, null).generate());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Returns the {@code CERTIFICATE REQUEST} block of {@code csr}. */
    public static String csrToPem(PKCS10CertificationRequest csr) {
        return write(requireNonNull(csr, "csr"));
    }

    /**
     * Parses one or more {@code CERTIFICATE} blocks, in order.
     *
     * @throws IllegalArgumentException if there is none, one is malformed or another kind of block appears
     */
    public static List<X509Certificate> parseCertificates(String pem) {
        final List<Object> objects = readAll(pem, "CERTIFICATE");
        final List<X509Certificate> certificates = new ArrayList<>(objects.size());
        for (int i = 0; i < objects.size(); i++) {
            final Object object = objects.get(i);
            if (!(object instanceof X509CertificateHolder)) {
                throw unexpected(i, object, "CERTIFICATE");
            }
            try {
                certificates.add(CERT_CONVERTER.getCertificate((X509CertificateHolder) object));
            } catch (CertificateException e) {
                throw new IllegalArgumentException(
                        "pem: block " + (i + 1) + " is not a valid X.509 certificate: " + e.getMessage(), e);
            }
        }
        return List.copyOf(certificates);
    }

    /**
     * Parses exactly one {@code CERTIFICATE} block.
     *
     * @throws IllegalArgumentException if there is not exactly one certificate
     */
    public static X509Certificate parseCertificate(String pem) {
        final List<X509Certificate> certificates = parseCertificates(pem);
        if (certificates.size() != 1) {
            throw new IllegalArgumentException(
                    "pem: " + certificates.size() + " certificates (expected: exactly 1)");
        }
        return certificates.get(0);
    }

    /**
     * Parses a {@code PRIVATE KEY} (PKCS#8), {@code EC PRIVATE KEY} (SEC1) or {@code RSA PRIVATE KEY}
     * (PKCS#1) block. Encrypted keys are not supported.
     */
    public static PrivateKey parsePrivateKey(String pem) {
        final List<Object> objects = readAll(pem, "PRIVATE KEY");
        if (objects.size() != 1) {
            throw new IllegalArgumentException("pem: " + objects.size() + " blocks (expected: 1 PRIVATE KEY)");
        }
        final Object object = objects.get(0);
        final JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
        try {
            if (object instanceof PrivateKeyInfo) {
                return converter.getPrivateKey((PrivateKeyInfo) object);
            }
            if (object instanceof PEMKeyPair) {
                return converter.getKeyPair((PEMKeyPair) object).getPrivate();
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("pem: unreadable private key: " + e.getMessage(), e);
        }
        throw unexpected(0, object, "PRIVATE KEY (unencrypted PKCS#8, SEC1 or PKCS#1)");
    }

    /** Parses exactly one {@code CERTIFICATE REQUEST} block. */
    public static PKCS10CertificationRequest parseCsr(String pem) {
        final List<Object> objects = readAll(pem, "CERTIFICATE REQUEST");
        if (objects.size() != 1 || !(objects.get(0) instanceof PKCS10CertificationRequest)) {
            throw objects.size() != 1
                  ? new IllegalArgumentException(
                          "pem: " + objects.size() + " blocks (expected: 1 CERTIFICATE REQUEST)")
                  : unexpected(0, objects.get(0), "CERTIFICATE REQUEST");
        }
        return (PKCS10CertificationRequest) objects.get(0);
    }

    private static List<Object> readAll(String pem, String expected) {
        requireNonNull(pem, "pem");
        final List<Object> objects = new ArrayList<>();
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            for (Object o = parser.readObject(); o != null; o = parser.readObject()) {
                objects.add(o);
            }
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("pem: malformed block " + (objects.size() + 1) +
                                               " (expected: " + expected + "): " + e.getMessage(), e);
        }
        if (objects.isEmpty()) {
            throw new IllegalArgumentException(
                    "pem: no PEM block found (expected: -----BEGIN " + expected + "-----)");
        }
        return objects;
    }

    private static IllegalArgumentException unexpected(int index, Object object, String expected) {
        return new IllegalArgumentException("pem: block " + (index + 1) + " is a " +
                                            object.getClass().getSimpleName() + " (expected: " + expected + ')');
    }

    private static String write(Object... objects) {
        final StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            for (Object object : objects) {
                writer.writeObject(object);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private Pem() {}
}
