package io.weft.certs.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;

import io.weft.certs.Pem;
import io.weft.certs.SpiffeId;
import io.weft.certs.TrustBundle;

/**
 * The on-disk layout of a CA directory, and reading it back with checks that name the file at fault. Private keys are written with mode 0600 from the start (the file is
 * created with those permissions, then moved into place), so no reader ever sees a wider mode.
 * Blocking file IO: never call on an event loop.
 */
public final class CaFiles {

    /** The root certificate. */
    public static final String ROOT = "root.pem";
    /** The root's private key (0600). */
    public static final String ROOT_KEY = "root-key.pem";
    /** The intermediate certificate. */
    public static final String INTERMEDIATE = "intermediate.pem";
    /** The intermediate's private key (0600). */
    public static final String INTERMEDIATE_KEY = "intermediate-key.pem";
    /** Every root peers should trust; two during a root rotation. */
    public static final String TRUST_BUNDLE = "trust-bundle.pem";
    /** During a root rotation: the new root signed by the old one. */
    public static final String CROSS_SIGNED_ROOT = "cross-signed-root.pem";

    /** Every file {@link #write} may create, in a fixed order (so errors name the same file each time). */
    public static final List<String> ALL =
            List.of(ROOT, ROOT_KEY, INTERMEDIATE, INTERMEDIATE_KEY, TRUST_BUNDLE, CROSS_SIGNED_ROOT);
    private static final Set<String> SECRET = Set.of(ROOT_KEY, INTERMEDIATE_KEY);

    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> WORLD_READABLE = PosixFilePermissions.fromString("rw-r--r--");

    /**
     * Writes {@code files} (name to content) into {@code dir}; names in {@link #ALL} but not in
     * {@code files} are deleted, so a directory never mixes two CAs.
     *
     * @throws FileAlreadyExistsException if a CA file exists and {@code overwrite} is {@code false}
     */
    public static void write(Path dir, Map<String, String> files, boolean overwrite) throws IOException {
        Files.createDirectories(dir);
        if (!overwrite) {
            for (String name : ALL) {
                final Path file = dir.resolve(name);
                if (Files.exists(file)) {
                    throw new FileAlreadyExistsException(file.toString(), null,
                            "exists (expected: an empty CA directory, or overwrite=true / --force to replace it)");
                }
            }
        }
        for (Map.Entry<String, String> e : files.entrySet()) {
            writeAtomically(dir, e.getKey(), e.getValue(), SECRET.contains(e.getKey()));
        }
        for (String name : ALL) {
            if (!files.containsKey(name)) {
                Files.deleteIfExists(dir.resolve(name));
            }
        }
    }

    /** Reads {@code name} from {@code dir}, or returns {@code null} if it is optional and absent. */
    public static String read(Path dir, String name, boolean required) throws IOException {
        final Path file = dir.resolve(name);
        if (!Files.exists(file)) {
            if (required) {
                throw new NoSuchFileException(file.toString(), null,
                        "missing (expected: a CA directory written by CertificateAuthority.save or `certs init`)");
            }
            return null;
        }
        return Files.readString(file, StandardCharsets.US_ASCII);
    }

    /** Reads and parses the one certificate in {@code name}. */
    public static X509Certificate readCertificate(Path dir, String name) throws IOException {
        return parse(read(dir, name, true), dir.resolve(name));
    }

    /** Same as {@link #readCertificate} for an optional file; {@code null} if absent. */
    public static X509Certificate readOptionalCertificate(Path dir, String name) throws IOException {
        final String pem = read(dir, name, false);
        return pem == null ? null : parse(pem, dir.resolve(name));
    }

    /** Reads the private key in {@code name} and checks it belongs to {@code certificate}. */
    public static PrivateKey readPrivateKey(Path dir, String name, X509Certificate certificate)
            throws IOException {
        final PrivateKey key;
        try {
            key = Pem.parsePrivateKey(read(dir, name, true));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(dir.resolve(name) + ": " + e.getMessage(), e);
        }
        if (!Signers.matches(key, certificate.getPublicKey())) {
            throw new IllegalArgumentException(dir.resolve(name) + ": key does not match the certificate " +
                                               certificate.getSubjectX500Principal().getName());
        }
        return key;
    }

    /** Returns {@code root} plus the roots of {@link #TRUST_BUNDLE}, if that file exists. */
    public static TrustBundle readTrustBundle(Path dir, X509Certificate root) throws IOException {
        final String pem = read(dir, TRUST_BUNDLE, false);
        try {
            return pem == null ? TrustBundle.of(root) : TrustBundle.of(root).plus(TrustBundle.fromPem(pem));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(dir.resolve(TRUST_BUNDLE) + ": " + e.getMessage(), e);
        }
    }

    /** Checks that {@code certificate} (from file {@code name}) was signed by {@code issuer}'s key. */
    public static void checkSignedBy(Path dir, String name, X509Certificate certificate, X509Certificate issuer) {
        try {
            certificate.verify(issuer.getPublicKey());
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(dir.resolve(name) + ": not signed by the key of " +
                                               dir.resolve(ROOT) + " (" + e.getMessage() + ')', e);
        }
    }

    /** Returns the trust domain from the root's {@code spiffe://<trust-domain>} URI SAN. */
    public static String trustDomainOf(Path dir, X509Certificate root) {
        try {
            for (String uri : SubjectAltNames.uris(root)) {
                if (SpiffeId.looksLikeSpiffeId(uri)) {
                    return SpiffeId.checkTrustDomain(uri.substring((SpiffeId.SCHEME + "://").length()));
                }
            }
        } catch (CertificateParsingException e) {
            throw new IllegalArgumentException(dir.resolve(ROOT) + ": unreadable subjectAltName", e);
        }
        throw new IllegalArgumentException(dir.resolve(ROOT) +
                                           ": no spiffe://<trust-domain> URI SAN (expected: a weft root)");
    }

    /** Returns the datacenter from the intermediate's {@code OU}. */
    public static String datacenterOf(Path dir, X509Certificate intermediate) {
        final RDN[] rdns = X500Name.getInstance(intermediate.getSubjectX500Principal().getEncoded())
                                   .getRDNs(BCStyle.OU);
        if (rdns.length != 1) {
            throw new IllegalArgumentException(dir.resolve(INTERMEDIATE) + ": subject " +
                                               intermediate.getSubjectX500Principal() +
                                               " (expected: one OU=<datacenter>)");
        }
        return SpiffeId.checkName("datacenter", IETFUtils.valueToString(rdns[0].getFirst().getValue()));
    }

    private static X509Certificate parse(String pem, Path source) {
        try {
            return Pem.parseCertificate(pem);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(source + ": " + e.getMessage(), e);
        }
    }

    private static void writeAtomically(Path dir, String name, String content, boolean secret)
            throws IOException {
        final boolean posix = dir.getFileSystem().supportedFileAttributeViews().contains("posix");
        final FileAttribute<?>[] attributes =
                posix ? new FileAttribute<?>[] {
                        PosixFilePermissions.asFileAttribute(secret ? OWNER_ONLY : WORLD_READABLE) }
                      : new FileAttribute<?>[0];
        final Path tmp = Files.createTempFile(dir, '.' + name, ".tmp", attributes);
        try {
            Files.writeString(tmp, content, StandardCharsets.US_ASCII);
            Files.move(tmp, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING,
                       StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private CaFiles() {}
}
