package io.weft.certs;

import static java.util.Objects.requireNonNull;

import java.util.regex.Pattern;

/**
 * A workload identity in the form Consul's mesh uses:
 * {@code spiffe://<trust-domain>/ns/<namespace>/dc/<datacenter>/svc/<service>}.
 *
 * <p>Trust domains are lower-case DNS-like names ({@code a-z 0-9 . - _}, at most 255 characters).
 * Namespace, datacenter and service are lower-case names of 1 to 63 characters
 * ({@code a-z 0-9 . - _}, starting with a letter or digit), so the service also works as a DNS SAN.
 * Instances are immutable; {@link #equals(Object)} compares all four parts.
 */
public record SpiffeId(String trustDomain, String namespace, String datacenter, String service) {

    /** The URI scheme of every SPIFFE ID. */
    public static final String SCHEME = "spiffe";
    /** The namespace used when none is given. */
    public static final String DEFAULT_NAMESPACE = "default";

    private static final String PREFIX = SCHEME + "://";
    private static final Pattern TRUST_DOMAIN = Pattern.compile("[a-z0-9._-]{1,255}");
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,62}");

    /** Validates every part; see the class documentation for the character rules. */
    public SpiffeId {
        checkTrustDomain(trustDomain);
        checkName("namespace", namespace);
        checkName("datacenter", datacenter);
        checkName("service", service);
    }

    /** Returns the identity of {@code service} in {@code namespace} and {@code datacenter}. */
    public static SpiffeId of(String trustDomain, String namespace, String datacenter, String service) {
        return new SpiffeId(trustDomain, namespace, datacenter, service);
    }

    /** Returns the identity of {@code service} in the {@value #DEFAULT_NAMESPACE} namespace. */
    public static SpiffeId of(String trustDomain, String datacenter, String service) {
        return new SpiffeId(trustDomain, DEFAULT_NAMESPACE, datacenter, service);
    }

    /**
     * Parses {@code spiffe://<trust-domain>/ns/<namespace>/dc/<datacenter>/svc/<service>}.
     *
     * @throws IllegalArgumentException naming the part that is wrong
     */
    public static SpiffeId parse(String uri) {
        requireNonNull(uri, "uri");
        if (!uri.startsWith(PREFIX)) {
            throw new IllegalArgumentException(
                    "spiffeId: '" + uri + "' (expected: to start with '" + PREFIX + "')");
        }
        final String rest = uri.substring(PREFIX.length());
        final int slash = rest.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("spiffeId: '" + uri +
                    "' (expected: a path /ns/<namespace>/dc/<datacenter>/svc/<service>)");
        }
        final String trustDomain = rest.substring(0, slash);
        final String[] path = rest.substring(slash + 1).split("/", -1);
        if (path.length != 6 || !"ns".equals(path[0]) || !"dc".equals(path[2]) || !"svc".equals(path[4])) {
            throw new IllegalArgumentException("spiffeId: '" + uri +
                    "' (expected: path /ns/<namespace>/dc/<datacenter>/svc/<service>)");
        }
        try {
            return new SpiffeId(trustDomain, path[1], path[3], path[5]);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("spiffeId: '" + uri + "': " + e.getMessage(), e);
        }
    }

    /** Returns {@code true} if {@code uri} starts with the SPIFFE scheme (it may still be malformed). */
    public static boolean looksLikeSpiffeId(String uri) {
        return uri.regionMatches(true, 0, PREFIX, 0, PREFIX.length());
    }

    /** Returns the URI form, {@code spiffe://td/ns/default/dc/dc1/svc/sum}. */
    public String uri() {
        return PREFIX + trustDomain + "/ns/" + namespace + "/dc/" + datacenter + "/svc/" + service;
    }

    /** Returns the trust domain's own ID, {@code spiffe://<trust-domain>}, as carried by CA certificates. */
    public static String trustDomainUri(String trustDomain) {
        checkTrustDomain(trustDomain);
        return PREFIX + trustDomain;
    }

    /** Same as {@link #uri()}. */
    @Override
    public String toString() {
        return uri();
    }

    /**
     * Checks a trust domain name.
     *
     * @throws IllegalArgumentException if it breaks the character rules
     */
    public static String checkTrustDomain(String trustDomain) {
        requireNonNull(trustDomain, "trustDomain");
        if (!TRUST_DOMAIN.matcher(trustDomain).matches() || trustDomain.startsWith(".") ||
            trustDomain.endsWith(".") || trustDomain.contains("..")) {
            throw new IllegalArgumentException("trustDomain: '" + trustDomain +
                    "' (expected: 1-255 characters of a-z 0-9 . - _, no empty labels)");
        }
        return trustDomain;
    }

    /**
     * Checks a namespace, datacenter or service name.
     *
     * @throws IllegalArgumentException naming {@code what} if it breaks the character rules
     */
    public static String checkName(String what, String name) {
        requireNonNull(name, what);
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(what + ": '" + name +
                    "' (expected: 1-63 characters of a-z 0-9 . - _, starting with a letter or digit)");
        }
        return name;
    }
}
