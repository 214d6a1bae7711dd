package io.weft.certs;

import static java.util.Objects.requireNonNull;

import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertPathValidatorException.BasicReason;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateParsingException;
import java.security.cert.PKIXParameters;
import java.security.cert.PKIXReason;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.security.auth.x500.X500Principal;

import io.weft.certs.PeerVerificationException.Reason;
import io.weft.certs.internal.SubjectAltNames;

/**
 * Verifies a presented chain against a {@link TrustBundle} and returns the peer's {@link SpiffeId}.
 *
 * <p>Checks, in order: the chain leads to a bundle root (a root or a root cross-signed by another root
 * in the chain is cut off where a trusted root takes over); PKIX path validation at the given instant
 * (signatures, validity, CA basicConstraints, path length, key usage; no revocation); the leaf is not a
 * CA and carries the needed extended key usage; the leaf has exactly one URI SAN, a SPIFFE ID of the
 * expected trust domain.
 *
 * <p>Thread-safe; meant to be called on every TLS handshake, on the event loop (no IO, no locks). The
 * trust anchors and their index are built once, and accepted chains are remembered (see
 * {@link #PeerVerifier(TrustBundle, String, int)}); make a new verifier when the bundle changes.
 */
public final class PeerVerifier {

    /** Which side of a connection the peer is; decides the extended key usage required. */
    public enum Purpose {
        /** The peer is a TLS client: clientAuth required. */
        CLIENT("1.3.6.1.5.5.7.3.2", "clientAuth"),
        /** The peer is a TLS server: serverAuth required. */
        SERVER("1.3.6.1.5.5.7.3.1", "serverAuth");

        private final String oid;
        private final String label;

        Purpose(String oid, String label) {
            this.oid = oid;
            this.label = label;
        }
    }

    private static final String ANY_EKU = "2.5.29.37.0";
    private static final ThreadLocal<CertPathValidator> VALIDATOR = ThreadLocal.withInitial(() -> {
        try {
            return CertPathValidator.getInstance("PKIX");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PKIX CertPathValidator unavailable", e);
        }
    });
    private static final ThreadLocal<CertificateFactory> FACTORY = ThreadLocal.withInitial(() -> {
        try {
            return CertificateFactory.getInstance("X.509");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("X.509 CertificateFactory unavailable", e);
        }
    });

    /** How many accepted chains a verifier remembers by default. */
    public static final int DEFAULT_CACHE_SIZE = 1024;

    private final TrustBundle trustBundle;
    private final String trustDomain;
    private final Map<X500Principal, X509Certificate> rootsBySubject = new HashMap<>();
    private final VerifiedChains verified;

    /**
     * Creates a verifier that accepts chains to {@code trustBundle} with IDs in {@code trustDomain},
     * remembering up to {@value #DEFAULT_CACHE_SIZE} accepted chains.
     */
    public PeerVerifier(TrustBundle trustBundle, String trustDomain) {
        this(trustBundle, trustDomain, DEFAULT_CACHE_SIZE);
    }

    /**
     * Creates a verifier that remembers up to {@code cacheSize} accepted chains (0: none), so a peer
     * presenting a byte-identical chain again is accepted without repeating the signature checks while
     * every certificate of it is still valid.
     */
    public PeerVerifier(TrustBundle trustBundle, String trustDomain, int cacheSize) {
        this.trustBundle = requireNonNull(trustBundle, "trustBundle");
        this.trustDomain = SpiffeId.checkTrustDomain(trustDomain);
        if (cacheSize < 0) {
            throw new IllegalArgumentException("cacheSize: " + cacheSize + " (expected: >= 0)");
        }
        for (X509Certificate root : trustBundle.roots()) {
            rootsBySubject.putIfAbsent(root.getSubjectX500Principal(), root);
        }
        verified = new VerifiedChains(cacheSize);
    }

    /** Same as {@link #PeerVerifier(TrustBundle, String)}. */
    public static PeerVerifier of(TrustBundle trustBundle, String trustDomain) {
        return new PeerVerifier(trustBundle, trustDomain);
    }

    /** Returns the bundle this verifier trusts. */
    public TrustBundle trustBundle() {
        return trustBundle;
    }

    /** Returns the trust domain peers must belong to. */
    public String trustDomain() {
        return trustDomain;
    }

    /**
     * Verifies a mesh peer's chain (leaf first) at {@code now}, requiring both serverAuth and clientAuth
     * as every mesh leaf carries them.
     *
     * @throws PeerVerificationException with the reason the chain is rejected
     */
    public SpiffeId verify(X509Certificate[] chain, Instant now) throws PeerVerificationException {
        final SpiffeId id = verify(chain, now, Purpose.SERVER);
        checkExtendedKeyUsage(chain[0], 0, Purpose.CLIENT);
        return id;
    }

    /**
     * Verifies a chain (leaf first) at {@code now} for a peer acting as {@code purpose}.
     *
     * @throws PeerVerificationException with the reason the chain is rejected
     */
    public SpiffeId verify(X509Certificate[] chain, Instant now, Purpose purpose)
            throws PeerVerificationException {
        requireNonNull(now, "now");
        requireNonNull(purpose, "purpose");
        if (chain == null || chain.length == 0) {
            throw new PeerVerificationException(Reason.INVALID_CHAIN, "chain: empty (expected: leaf first)");
        }
        final SpiffeId known = verified.get(chain, purpose, now);
        if (known != null) {
            return known;
        }
        final X509Certificate leaf = chain[0];
        if (leaf.getBasicConstraints() >= 0) {
            throw new PeerVerificationException(Reason.INVALID_CHAIN, "leaf " + subject(leaf) +
                                                " is a CA certificate (expected: CA=false)");
        }
        final List<X509Certificate> path = pathToBundle(chain);
        validate(path, now);
        for (int i = 0; i < path.size(); i++) {
            checkExtendedKeyUsage(path.get(i), i, purpose);
        }
        final SpiffeId id = spiffeIdOf(leaf, trustDomain);
        verified.put(chain, purpose, id);
        return id;
    }

    /**
     * Reads the SPIFFE ID of an already verified leaf (for example the peer certificate of an established
     * TLS session) without checking the chain.
     *
     * @throws PeerVerificationException if the leaf has no, several or a malformed URI SAN, or the ID is
     *         not in {@code trustDomain}
     */
    public static SpiffeId spiffeIdOf(X509Certificate leaf, String trustDomain) throws PeerVerificationException {
        final List<String> uris;
        try {
            uris = SubjectAltNames.uris(leaf);
        } catch (CertificateParsingException e) {
            throw new PeerVerificationException(Reason.NO_SPIFFE_ID,
                    "leaf " + subject(leaf) + ": unreadable subjectAltName", e);
        }
        if (uris.isEmpty()) {
            throw new PeerVerificationException(Reason.NO_SPIFFE_ID, "leaf " + subject(leaf) +
                                                ": no URI SAN (expected: exactly one SPIFFE ID)");
        }
        if (uris.size() > 1) {
            throw new PeerVerificationException(Reason.MULTIPLE_URI_SANS, "leaf " + subject(leaf) +
                                                ": URI SANs " + uris + " (expected: exactly one SPIFFE ID)");
        }
        final SpiffeId id;
        try {
            id = SpiffeId.parse(uris.get(0));
        } catch (IllegalArgumentException e) {
            throw new PeerVerificationException(Reason.INVALID_SPIFFE_ID, e.getMessage(), e);
        }
        if (!id.trustDomain().equals(trustDomain)) {
            throw new PeerVerificationException(Reason.WRONG_TRUST_DOMAIN, "trustDomain: '" + id.trustDomain() +
                                                "' in " + id + " (expected: '" + trustDomain + "')");
        }
        return id;
    }

    /** Cuts the chain where a bundle root takes over; the rest (e.g. a cross-signed root) is not needed. */
    private List<X509Certificate> pathToBundle(X509Certificate[] chain) throws PeerVerificationException {
        for (int i = 0; i < chain.length; i++) {
            final X509Certificate cert = chain[i];
            if (i > 0) {
                final X509Certificate root = rootsBySubject.get(cert.getSubjectX500Principal());
                if (root != null && root.getPublicKey().equals(cert.getPublicKey())) {
                    return Arrays.asList(chain).subList(0, i); // a trusted root, possibly cross-signed
                }
            }
            if (rootsBySubject.containsKey(cert.getIssuerX500Principal())) {
                return Arrays.asList(chain).subList(0, i + 1);
            }
        }
        throw new PeerVerificationException(Reason.UNKNOWN_CA, "chain of " + subject(chain[0]) + " ends at issuer " +
                chain[chain.length - 1].getIssuerX500Principal().getName() + " (expected: a root of " +
                trustBundle + ')');
    }

    private void validate(List<X509Certificate> path, Instant now) throws PeerVerificationException {
        try {
            final CertPath certPath = FACTORY.get().generateCertPath(path);
            final PKIXParameters params = new PKIXParameters(trustBundle.trustAnchors());
            params.setRevocationEnabled(false);
            params.setDate(Date.from(now));
            VALIDATOR.get().validate(certPath, params);
        } catch (CertPathValidatorException e) {
            throw translate(e, path, now);
        } catch (InvalidAlgorithmParameterException | java.security.cert.CertificateException e) {
            throw new PeerVerificationException(Reason.INVALID_CHAIN, "chain: " + e.getMessage(), e);
        }
    }

    private static PeerVerificationException translate(CertPathValidatorException e, List<X509Certificate> path,
                                                       Instant now) {
        final int index = e.getIndex();
        final X509Certificate cert = index >= 0 && index < path.size() ? path.get(index) : null;
        final String which = cert == null ? "chain" : "certificate " + index + " (" + subject(cert) + ')';
        final CertPathValidatorException.Reason reason = e.getReason();
        if (reason == BasicReason.EXPIRED && cert != null) {
            return new PeerVerificationException(Reason.EXPIRED, which + ": expired " +
                    cert.getNotAfter().toInstant() + " (expected: valid at " + now + ')', e);
        }
        if (reason == BasicReason.NOT_YET_VALID && cert != null) {
            return new PeerVerificationException(Reason.NOT_YET_VALID, which + ": valid from " +
                    cert.getNotBefore().toInstant() + " (expected: valid at " + now + ')', e);
        }
        if (reason == BasicReason.INVALID_SIGNATURE) {
            return new PeerVerificationException(Reason.INVALID_SIGNATURE, which + ": " + e.getMessage(), e);
        }
        if (reason == PKIXReason.NO_TRUST_ANCHOR) {
            return new PeerVerificationException(Reason.UNKNOWN_CA, which + ": " + e.getMessage() +
                                                 " (expected: a chain to a root of the trust bundle)", e);
        }
        return new PeerVerificationException(Reason.INVALID_CHAIN, which + ": " + reason + ": " + e.getMessage(), e);
    }

    private static void checkExtendedKeyUsage(X509Certificate cert, int index, Purpose purpose)
            throws PeerVerificationException {
        final List<String> usages;
        try {
            usages = cert.getExtendedKeyUsage();
        } catch (CertificateParsingException e) {
            throw new PeerVerificationException(Reason.WRONG_KEY_USAGE,
                    "certificate " + index + " (" + subject(cert) + "): unreadable extendedKeyUsage", e);
        }
        // Leaves must say what they are for; CA certificates may leave it out (no restriction).
        if (usages == null ? index == 0 : !usages.contains(purpose.oid) && !usages.contains(ANY_EKU)) {
            throw new PeerVerificationException(Reason.WRONG_KEY_USAGE, "certificate " + index + " (" +
                    subject(cert) + "): extendedKeyUsage " + usages + " (expected: " + purpose.label + ')');
        }
    }

    private static String subject(X509Certificate cert) {
        return cert.getSubjectX500Principal().getName();
    }
}
