package io.weft.certs;

import static java.util.Objects.requireNonNull;

import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The CA certificates a peer trusts: one root normally, two while a root is being rotated. Immutable and
 * thread-safe; {@link #plus(TrustBundle)} and {@link #without(X509Certificate)} return new bundles.
 */
public final class TrustBundle {

    private final List<X509Certificate> roots;
    private final Set<TrustAnchor> trustAnchors;

    private TrustBundle(Collection<X509Certificate> roots) {
        final Set<X509Certificate> unique = new LinkedHashSet<>();
        int i = 0;
        for (X509Certificate root : roots) {
            requireNonNull(root, "roots[" + i + ']');
            if (root.getBasicConstraints() < 0) {
                throw new IllegalArgumentException("roots[" + i + "]: " + root.getSubjectX500Principal() +
                                                   " (expected: a CA certificate, basicConstraints CA=true)");
            }
            unique.add(root);
            i++;
        }
        if (unique.isEmpty()) {
            throw new IllegalArgumentException("roots: [] (expected: at least one CA certificate)");
        }
        this.roots = List.copyOf(unique);
        final Set<TrustAnchor> anchors = new LinkedHashSet<>();
        for (X509Certificate root : this.roots) {
            anchors.add(new TrustAnchor(root, null));
        }
        trustAnchors = Set.copyOf(anchors);
    }

    /** Returns a bundle of {@code roots}; duplicates are dropped. */
    public static TrustBundle of(X509Certificate... roots) {
        return new TrustBundle(List.of(roots));
    }

    /** Returns a bundle of {@code roots}; duplicates are dropped. */
    public static TrustBundle of(Collection<X509Certificate> roots) {
        return new TrustBundle(roots);
    }

    /** Parses one or more PEM {@code CERTIFICATE} blocks. */
    public static TrustBundle fromPem(String pem) {
        return new TrustBundle(Pem.parseCertificates(pem));
    }

    /** Returns the roots as PEM, in order. */
    public String toPem() {
        return Pem.certificatesToPem(roots);
    }

    /** Returns the roots, in the order they were added. */
    public List<X509Certificate> roots() {
        return roots;
    }

    /** Returns the roots as PKIX trust anchors (built once). */
    public Set<TrustAnchor> trustAnchors() {
        return trustAnchors;
    }

    /** Returns {@code true} if {@code certificate} is one of the roots. */
    public boolean contains(X509Certificate certificate) {
        return roots.contains(certificate);
    }

    /** Returns a bundle with the roots of this one and then those of {@code other}. */
    public TrustBundle plus(TrustBundle other) {
        final List<X509Certificate> all = new ArrayList<>(roots);
        all.addAll(other.roots);
        return new TrustBundle(all);
    }

    /**
     * Returns a bundle without {@code root}.
     *
     * @throws IllegalArgumentException if that would leave the bundle empty
     */
    public TrustBundle without(X509Certificate root) {
        final List<X509Certificate> rest = new ArrayList<>(roots);
        rest.remove(root);
        return new TrustBundle(rest);
    }

    @Override
    public boolean equals(Object o) {
        return this == o || o instanceof TrustBundle && roots.equals(((TrustBundle) o).roots);
    }

    @Override
    public int hashCode() {
        return roots.hashCode();
    }

    @Override
    public String toString() {
        final List<String> subjects = new ArrayList<>(roots.size());
        for (X509Certificate root : roots) {
            subjects.add(root.getSubjectX500Principal().getName());
        }
        return "TrustBundle" + subjects;
    }
}
