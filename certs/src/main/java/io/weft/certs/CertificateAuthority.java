package io.weft.certs;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.GeneralNames;

import io.weft.certs.CertificateIssuanceException.Reason;
import io.weft.certs.internal.CaFiles;
import io.weft.certs.internal.CertificateBuilders;
import io.weft.certs.internal.CsrChecks;
import io.weft.certs.internal.KeyPolicy;
import io.weft.certs.internal.SubjectAltNames;

/**
 * The mesh CA: a root, an intermediate that signs every leaf, and the trust bundle peers verify against.
 *
 * <p>Instances are immutable and thread-safe; {@link #rotateRoot()} and {@link #retirePreviousRoots()}
 * return new instances. Key generation ({@link #generate}, {@link #rotateRoot}) and file IO ({@link #load},
 * {@link #save}) block: run them on a blocking executor, never on an event loop. Issuing is CPU work of
 * about a millisecond.
 *
 * <p>Leaf policy: random 128-bit serial; notBefore one minute in the past for clock skew; notAfter at
 * {@code now + ttl}, {@code ttl} between {@link #MIN_LEAF_TTL} and {@link #MAX_LEAF_TTL}, cut back to the
 * intermediate's own expiry; CA=false; digitalSignature (+keyEncipherment for RSA); serverAuth+clientAuth;
 * SKI/AKI. The SAN is rebuilt from the checked identity, never copied from the request.
 */
public final class CertificateAuthority {

    /** The shortest leaf TTL (short enough for renewal tests). */
    public static final Duration MIN_LEAF_TTL = Duration.ofSeconds(10);
    /** The longest leaf TTL. */
    public static final Duration MAX_LEAF_TTL = Duration.ofDays(7);
    /** The leaf TTL used when none is given. */
    public static final Duration DEFAULT_LEAF_TTL = Duration.ofHours(24);
    /** How far notBefore is moved into the past, for peers whose clocks run behind. */
    public static final Duration CLOCK_SKEW = Duration.ofMinutes(1);

    private static final Pattern DNS_NAME =
            Pattern.compile("(\\*\\.)?[A-Za-z0-9]([A-Za-z0-9-]{0,62})(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,62}))*");

    private final String trustDomain;
    private final String datacenter;
    private final Clock clock;
    private final X509Certificate root;
    private final PrivateKey rootKey;
    private final X509Certificate intermediate;
    private final PrivateKey intermediateKey;
    private final X509Certificate crossSignedRoot;
    private final TrustBundle trustBundle;

    private CertificateAuthority(String trustDomain, String datacenter, Clock clock,
                                 X509Certificate root, PrivateKey rootKey,
                                 X509Certificate intermediate, PrivateKey intermediateKey,
                                 X509Certificate crossSignedRoot, TrustBundle trustBundle) {
        this.trustDomain = trustDomain;
        this.datacenter = datacenter;
        this.clock = clock;
        this.root = root;
        this.rootKey = rootKey;
        this.intermediate = intermediate;
        this.intermediateKey = intermediateKey;
        this.crossSignedRoot = crossSignedRoot;
        this.trustBundle = trustBundle;
    }

    /** Generates a new root and intermediate. Blocks for key generation. */
    public static CertificateAuthority generate(CaOptions options) {
        requireNonNull(options, "options");
        final Instant now = options.clock().instant();
        final KeyPair rootKeys = KeyPairs.generate(options.keyType());
        final X509Certificate root = CertificateBuilders.root(
                rootKeys, rootName(options.trustDomain()), caSan(options.trustDomain()),
                now.minus(CLOCK_SKEW), now.plus(options.rootValidity()));
        return withNewIntermediate(options, root, rootKeys.getPrivate(), null, TrustBundle.of(root));
    }

    /** Loads a CA written by {@link #save}, using the system clock. Blocks on file IO. */
    public static CertificateAuthority load(Path dir) throws IOException {
        return load(dir, Clock.systemUTC());
    }

    /**
     * Loads a CA written by {@link #save}. Blocks on file IO.
     *
     * @throws java.nio.file.NoSuchFileException if a required file is missing
     * @throws IllegalArgumentException naming the file if its content is wrong or the pieces do not fit
     */
    public static CertificateAuthority load(Path dir, Clock clock) throws IOException {
        requireNonNull(dir, "dir");
        requireNonNull(clock, "clock");
        final X509Certificate root = CaFiles.readCertificate(dir, CaFiles.ROOT);
        final PrivateKey rootKey = CaFiles.readPrivateKey(dir, CaFiles.ROOT_KEY, root);
        final X509Certificate intermediate = CaFiles.readCertificate(dir, CaFiles.INTERMEDIATE);
        final PrivateKey intermediateKey = CaFiles.readPrivateKey(dir, CaFiles.INTERMEDIATE_KEY, intermediate);
        CaFiles.checkSignedBy(dir, CaFiles.INTERMEDIATE, intermediate, root);
        final X509Certificate cross = CaFiles.readOptionalCertificate(dir, CaFiles.CROSS_SIGNED_ROOT);
        if (cross != null && !cross.getPublicKey().equals(root.getPublicKey())) {
            throw new IllegalArgumentException(dir.resolve(CaFiles.CROSS_SIGNED_ROOT) + ": key differs from " +
                    CaFiles.ROOT + " (expected: the current root, cross-signed by the previous one)");
        }
        final TrustBundle bundle = CaFiles.readTrustBundle(dir, root);
        final String trustDomain = CaFiles.trustDomainOf(dir, root);
        final String datacenter = CaFiles.datacenterOf(dir, intermediate);
        return new CertificateAuthority(trustDomain, datacenter, clock, root, rootKey, intermediate,
                                        intermediateKey, cross, bundle);
    }

    /**
     * Writes the CA to {@code dir}: certificates world-readable, private keys mode 0600.
     * Blocks on file IO.
     *
     * @throws java.nio.file.FileAlreadyExistsException if {@code dir} holds CA files and
     *         {@code overwrite} is {@code false}
     */
    public void save(Path dir, boolean overwrite) throws IOException {
        requireNonNull(dir, "dir");
        final Map<String, String> files = new LinkedHashMap<>();
        files.put(CaFiles.ROOT, Pem.certificateToPem(root));
        files.put(CaFiles.ROOT_KEY, Pem.privateKeyToPem(rootKey));
        files.put(CaFiles.INTERMEDIATE, Pem.certificateToPem(intermediate));
        files.put(CaFiles.INTERMEDIATE_KEY, Pem.privateKeyToPem(intermediateKey));
        files.put(CaFiles.TRUST_BUNDLE, trustBundle.toPem());
        if (crossSignedRoot != null) {
            files.put(CaFiles.CROSS_SIGNED_ROOT, Pem.certificateToPem(crossSignedRoot));
        }
        CaFiles.write(dir, files, overwrite);
    }

    /** Same as {@link #issue(String, String, Duration)} with {@link #DEFAULT_LEAF_TTL}. */
    public IssuedCertificate issue(String csrPem, String entitledService) {
        return issue(csrPem, entitledService, DEFAULT_LEAF_TTL);
    }

    /**
     * Checks a PEM PKCS#10 request and issues a leaf for it.
     *
     * @param entitledService the service the caller has proven it is (for example by its bootstrap
     *                        token); the request's SPIFFE ID must name this service
     * @throws CertificateIssuanceException with the {@link Reason} of the first failed check
     */
    public IssuedCertificate issue(String csrPem, String entitledService, Duration ttl) {
        requireNonNull(csrPem, "csrPem");
        requireNonNull(entitledService, "entitledService");
        requireNonNull(ttl, "ttl");
        final Instant now = clock.instant();
        final Instant notAfter = leafNotAfter(now, ttl);
        final CsrChecks.Accepted accepted = CsrChecks.check(csrPem, trustDomain, datacenter, entitledService);
        final SpiffeId id = accepted.spiffeId();
        return sign(accepted.publicKey(), id, List.of(id.service()), List.of(), now, notAfter);
    }

    /**
     * Issues a server certificate for a key made in-process (the control plane's own TLS identity), with
     * the SPIFFE ID as URI SAN plus the given DNS names and IP addresses.
     *
     * @throws CertificateIssuanceException if the identity is not ours, the key or a DNS name is not
     *         allowed, or the TTL is out of range
     */
    public IssuedCertificate issueServerCertificate(PublicKey publicKey, SpiffeId id, List<String> dnsNames,
                                                    List<InetAddress> ips, Duration ttl) {
        requireNonNull(publicKey, "publicKey");
        requireNonNull(id, "id");
        requireNonNull(ttl, "ttl");
        final List<String> dns = List.copyOf(requireNonNull(dnsNames, "dnsNames"));
        final List<InetAddress> addresses = List.copyOf(requireNonNull(ips, "ips"));
        final Instant now = clock.instant();
        final Instant notAfter = leafNotAfter(now, ttl);
        CsrChecks.checkScope(id, trustDomain, datacenter);
        final String keyViolation = KeyPolicy.violation(publicKey);
        if (keyViolation != null) {
            throw new CertificateIssuanceException(Reason.KEY_NOT_ALLOWED, keyViolation);
        }
        for (String name : dns) {
            if (!DNS_NAME.matcher(name).matches() || name.length() > 253) {
                throw new CertificateIssuanceException(Reason.INVALID_REQUEST,
                        "dnsName: '" + name + "' (expected: a DNS name such as localhost or a.b.example)");
            }
        }
        return sign(publicKey, id, dns, addresses, now, notAfter);
    }

    /** Same as {@link #issueServerCertificate(PublicKey, SpiffeId, List, List, Duration)}. */
    public IssuedCertificate issueServerCertificate(KeyPair keyPair, SpiffeId id, List<String> dnsNames,
                                                    List<InetAddress> ips, Duration ttl) {
        return issueServerCertificate(requireNonNull(keyPair, "keyPair").getPublic(), id, dnsNames, ips, ttl);
    }

    /**
     * Starts a root rotation with the default options for this trust domain and datacenter: a new root
     * and a new intermediate under it, the new root cross-signed by the current one, and a trust bundle
     * of both roots. Leaves issued from the result carry {@code [leaf, intermediate, cross-signed root]},
     * so peers that still trust only the old root accept them too. Blocks for key generation.
     */
    public CertificateAuthority rotateRoot() {
        return rotateRoot(CaOptions.builder().trustDomain(trustDomain).datacenter(datacenter).clock(clock)
                                   .build());
    }

    /** Same as {@link #rotateRoot()} with explicit options (same trust domain and datacenter). */
    public CertificateAuthority rotateRoot(CaOptions options) {
        requireNonNull(options, "options");
        if (!options.trustDomain().equals(trustDomain) || !options.datacenter().equals(datacenter)) {
            throw new IllegalArgumentException("options: " + options.trustDomain() + '/' + options.datacenter() +
                                               " (expected: " + trustDomain + '/' + datacenter + ')');
        }
        final Instant now = options.clock().instant();
        final KeyPair newRootKeys = KeyPairs.generate(options.keyType());
        final X500Name newRootName = rootName(trustDomain);
        final X509Certificate newRoot = CertificateBuilders.root(
                newRootKeys, newRootName, caSan(trustDomain), now.minus(CLOCK_SKEW),
                now.plus(options.rootValidity()));
        final X509Certificate cross = CertificateBuilders.subordinateCa(
                root, rootKey, newRootName, newRoot.getPublicKey(), caSan(trustDomain), now.minus(CLOCK_SKEW),
                earliest(newRoot.getNotAfter().toInstant(), root.getNotAfter().toInstant()), false);
        return withNewIntermediate(options, newRoot, newRootKeys.getPrivate(), cross,
                                   TrustBundle.of(newRoot).plus(trustBundle));
    }

    /**
     * Ends a root rotation: the trust bundle holds only the current root and leaves no longer carry the
     * cross-signed root. Call once every peer has the new bundle and every old leaf has been renewed.
     */
    public CertificateAuthority retirePreviousRoots() {
        return new CertificateAuthority(trustDomain, datacenter, clock, root, rootKey, intermediate,
                                        intermediateKey, null, TrustBundle.of(root));
    }

    /** Returns a copy that reads time from {@code clock} (for tests that move time). */
    public CertificateAuthority withClock(Clock clock) {
        return new CertificateAuthority(trustDomain, datacenter, requireNonNull(clock, "clock"), root, rootKey,
                                        intermediate, intermediateKey, crossSignedRoot, trustBundle);
    }

    /** Returns every root peers should trust: the current one, plus the previous one during a rotation. */
    public TrustBundle trustBundle() {
        return trustBundle;
    }

    /** Returns the SPIFFE trust domain. */
    public String trustDomain() {
        return trustDomain;
    }

    /** Returns the datacenter whose leaves this CA signs. */
    public String datacenter() {
        return datacenter;
    }

    /** Returns the current root. */
    public X509Certificate rootCertificate() {
        return root;
    }

    /** Returns the intermediate that signs leaves. */
    public X509Certificate intermediateCertificate() {
        return intermediate;
    }

    /** Returns the current root signed by the previous one, while a rotation is under way. */
    public Optional<X509Certificate> crossSignedRoot() {
        return Optional.ofNullable(crossSignedRoot);
    }

    /** Returns what follows a leaf in every issued chain: the intermediate, then any cross-signed root. */
    public List<X509Certificate> caChain() {
        return crossSignedRoot == null ? List.of(intermediate) : List.of(intermediate, crossSignedRoot);
    }

    @Override
    public String toString() {
        return "CertificateAuthority{trustDomain=" + trustDomain + ", datacenter=" + datacenter +
               ", root=" + root.getSubjectX500Principal().getName() + ", rotating=" + (crossSignedRoot != null) +
               '}';
    }

    private IssuedCertificate sign(PublicKey publicKey, SpiffeId id, List<String> dnsNames,
                                   List<InetAddress> ips, Instant now, Instant notAfter) {
        final X500Name subject = new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.O, trustDomain).addRDN(BCStyle.CN, id.service()).build();
        final X509Certificate leaf = CertificateBuilders.leaf(
                intermediate, intermediateKey, subject, publicKey, SubjectAltNames.of(id.uri(), dnsNames, ips),
                now.minus(CLOCK_SKEW), notAfter);
        final List<X509Certificate> chain = new ArrayList<>(3);
        chain.add(leaf);
        chain.addAll(caChain());
        return new IssuedCertificate(chain, id);
    }

    private Instant leafNotAfter(Instant now, Duration ttl) {
        if (ttl.compareTo(MIN_LEAF_TTL) < 0) {
            throw new CertificateIssuanceException(Reason.TTL_TOO_SHORT,
                    "ttl: " + ttl + " (expected: >= " + MIN_LEAF_TTL + ')');
        }
        if (ttl.compareTo(MAX_LEAF_TTL) > 0) {
            throw new CertificateIssuanceException(Reason.TTL_TOO_LONG,
                    "ttl: " + ttl + " (expected: <= " + MAX_LEAF_TTL + ')');
        }
        final Instant caExpiry = intermediate.getNotAfter().toInstant();
        if (caExpiry.isBefore(now.plus(MIN_LEAF_TTL))) {
            throw new CertificateIssuanceException(Reason.CA_EXPIRED,
                    "intermediate: expires " + caExpiry + " (expected: valid until at least " +
                    now.plus(MIN_LEAF_TTL) + "; rotate the CA)");
        }
        return earliest(now.plus(ttl), caExpiry);
    }

    private static CertificateAuthority withNewIntermediate(CaOptions options, X509Certificate root,
                                                            PrivateKey rootKey, X509Certificate cross,
                                                            TrustBundle bundle) {
        final Instant now = options.clock().instant();
        final KeyPair keys = KeyPairs.generate(options.keyType());
        final X500Name name = new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.O, options.trustDomain()).addRDN(BCStyle.OU, options.datacenter())
                .addRDN(BCStyle.CN, "weft intermediate CA " + shortId()).build();
        final X509Certificate intermediate = CertificateBuilders.subordinateCa(
                root, rootKey, name, keys.getPublic(), caSan(options.trustDomain()), now.minus(CLOCK_SKEW),
                earliest(now.plus(options.intermediateValidity()), root.getNotAfter().toInstant()), true);
        return new CertificateAuthority(options.trustDomain(), options.datacenter(), options.clock(), root,
                                        rootKey, intermediate, keys.getPrivate(), cross, bundle);
    }

    private static X500Name rootName(String trustDomain) {
        return new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.O, trustDomain).addRDN(BCStyle.CN, "weft root CA " + shortId()).build();
    }

    private static GeneralNames caSan(String trustDomain) {
        return SubjectAltNames.of(SpiffeId.trustDomainUri(trustDomain), List.of(), List.of());
    }

    private static String shortId() {
        return HexFormat.of().formatHex(CertificateBuilders.randomSerial().toByteArray(), 0, 4);
    }

    private static Instant earliest(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
