package io.weft.sidecar.discovery;

import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import io.weft.common.annotation.Nullable;

import io.weft.certs.Pem;
import io.weft.certs.TrustBundle;
import io.weft.protocol.v1.Action;
import io.weft.protocol.v1.Certificate;
import io.weft.protocol.v1.ControlMessage;
import io.weft.protocol.v1.Endpoint;
import io.weft.protocol.v1.Endpoints;
import io.weft.protocol.v1.HeaderMatch;
import io.weft.protocol.v1.HttpPermission;
import io.weft.protocol.v1.Intention;
import io.weft.protocol.v1.Intentions;
import io.weft.protocol.v1.Permission;
import io.weft.protocol.v1.Routes;
import io.weft.protocol.v1.ResourceType;

/**
 * Turns the stream's messages into mesh state: the mirror of the control plane's {@code ProtoResources}.
 * Pure functions; a message that cannot be applied throws {@link IllegalArgumentException} naming what
 * is wrong, which the stream sends back as the NACK's reason.
 */
public final class ResourceDecoder {

    private ResourceDecoder() {}

    /** What the ACK of {@code message} names, or {@code null} for a message that is not a resource. */
    @Nullable
    public static ResourceId idOf(ControlMessage message) {
        return switch (message.getKindCase()) {
            case CERTIFICATE -> new ResourceId(ResourceType.CERTIFICATE, "");
            case TRUST_BUNDLE -> new ResourceId(ResourceType.TRUST_BUNDLE, "");
            case ENDPOINTS -> new ResourceId(ResourceType.ENDPOINTS, message.getEndpoints().getService());
            case INTENTIONS -> new ResourceId(ResourceType.INTENTIONS, message.getIntentions().getDestination());
            case ROUTES -> new ResourceId(ResourceType.ROUTES, message.getRoutes().getService());
            case KEEPALIVE, TRAFFIC_REPORTING, KIND_NOT_SET -> null;
        };
    }

    /** The version the ACK of {@code message} carries; 0 for a message that is not a resource. */
    public static long versionOf(ControlMessage message) {
        return switch (message.getKindCase()) {
            case CERTIFICATE -> message.getCertificate().getVersion();
            case TRUST_BUNDLE -> message.getTrustBundle().getVersion();
            case ENDPOINTS -> message.getEndpoints().getVersion();
            case INTENTIONS -> message.getIntentions().getVersion();
            case ROUTES -> message.getRoutes().getVersion();
            case KEEPALIVE, TRAFFIC_REPORTING, KIND_NOT_SET -> 0;
        };
    }

    /**
     * The change a trust bundle, endpoints, intentions or routes message makes to the mesh state, decoded (and so
     * checked) now; applying it only swaps in the decoded value.
     */
    public static UnaryOperator<MeshState> stateChange(ControlMessage message) {
        switch (message.getKindCase()) {
            case TRUST_BUNDLE -> {
                final io.weft.protocol.v1.TrustBundle tb = message.getTrustBundle();
                final TrustBundle bundle = trustBundle(tb);
                return s -> s.withTrustBundle(bundle, tb.getTrustDomain(), tb.getVersion());
            }
            case ENDPOINTS -> {
                final ServiceEndpoints endpoints = endpoints(message.getEndpoints());
                final boolean removed = message.getEndpoints().getRemoved();
                return s -> s.withEndpoints(endpoints, removed);
            }
            case INTENTIONS -> {
                final IntentionSet intentions = intentions(message.getIntentions());
                return s -> s.withIntentions(intentions);
            }
            case ROUTES -> {
                final Routes routes = RoutesCheck.checked(message.getRoutes());
                return s -> s.withRoutes(routes);
            }
            default -> throw new IllegalArgumentException(
                    message.getKindCase() + ": not mesh state (expected: trust bundle, endpoints, intentions or routes)");
        }
    }

    /** The issued chain, leaf first. */
    public static List<X509Certificate> certificateChain(Certificate certificate) {
        return Pem.parseCertificates(certificate.getChainPem());
    }

    static TrustBundle trustBundle(io.weft.protocol.v1.TrustBundle tb) {
        if (tb.getRootsPemCount() == 0 || tb.getTrustDomain().isBlank()) {
            throw new IllegalArgumentException("trust bundle v" + tb.getVersion() + ": no roots or no trust domain");
        }
        return TrustBundle.fromPem(String.join("\n", tb.getRootsPemList()));
    }

    /** The passing instances, then the warning ones (an older control plane sends none). */
    static ServiceEndpoints endpoints(Endpoints e) {
        final List<MeshEndpoint> endpoints = new ArrayList<>(e.getEndpointsCount() + e.getWarningEndpointsCount());
        e.getEndpointsList().forEach(p -> endpoints.add(endpoint(p, true)));
        e.getWarningEndpointsList().forEach(w -> endpoints.add(endpoint(w, false)));
        return new ServiceEndpoints(e.getService(), e.getVersion(), endpoints);
    }

    static MeshEndpoint endpoint(Endpoint e, boolean passing) {
        if (e.getAddress().isBlank() || e.getPort() == 0 || e.getPort() > 65535) {
            throw new IllegalArgumentException("endpoint " + e.getInstanceId() + ": address '" + e.getAddress() +
                                               "', port " + e.getPort() + " (expected: host and 1..65535)");
        }
        return new MeshEndpoint(e.getInstanceId(), e.getAddress(), e.getPort(), e.getProtocol(),
                                e.getWeight() == 0 ? 1 : e.getWeight(), e.getZone(), e.getSpiffeId(),
                                e.getMetaMap(), passing);
    }

    /**
     * Highest precedence first; no default action means "the sidecar's configured default applies". L7
     * permissions are checked and their regular expressions compiled here, once per version: one Java cannot
     * compile makes the whole resource a NACK, and the last good intentions stay.
     */
    static IntentionSet intentions(Intentions i) {
        final String what = "intentions of " + i.getDestination() + " v" + i.getVersion();
        final List<IntentionRule> rules = i.getIntentionsList().stream()
                .map(r -> new IntentionRule(r.getSource(), r.getAction() == Action.ALLOW, r.getPrecedence(),
                                            permissions(r, what + ": intention " + r.getSource() + " -> " +
                                                           r.getDestination())))
                .sorted(Comparator.comparingInt(IntentionRule::precedence).reversed())
                .toList();
        final Boolean defaultAllow = i.getDefaultAction() == Action.ACTION_UNSPECIFIED
                                     ? null : i.getDefaultAction() == Action.ALLOW;
        return new IntentionSet(i.getVersion(), rules, defaultAllow);
    }

    private static List<IntentionPermission> permissions(Intention rule, String what) {
        if (rule.getPermissionsCount() > 0 && rule.getAction() != Action.ACTION_UNSPECIFIED) {
            throw new IllegalArgumentException(what + ": an action and permissions (expected: one or the other)");
        }
        final List<IntentionPermission> permissions = new ArrayList<>(rule.getPermissionsCount());
        for (int j = 0; j < rule.getPermissionsCount(); j++) {
            final Permission p = rule.getPermissions(j);
            final String at = what + " Permissions[" + j + ']';
            if (p.getAction() == Action.ACTION_UNSPECIFIED || p.getAction() == Action.UNRECOGNIZED) {
                throw new IllegalArgumentException(at + ": action " + p.getAction() + " (expected: ALLOW or DENY)");
            }
            final HttpPermission http = p.getHttp();
            final int paths = (http.getPathExact().isEmpty() ? 0 : 1) + (http.getPathPrefix().isEmpty() ? 0 : 1) +
                              (http.getPathRegex().isEmpty() ? 0 : 1);
            if (paths > 1) {
                throw new IllegalArgumentException(at + ": more than one of path_exact, path_prefix, path_regex");
            }
            final List<IntentionPermission.HeaderCriterion> headers = new ArrayList<>();
            for (HeaderMatch h : http.getHeadersList()) {
                final int given = (h.getPresent() ? 1 : 0) + (h.getExact().isEmpty() ? 0 : 1) +
                                  (h.getPrefix().isEmpty() ? 0 : 1) + (h.getSuffix().isEmpty() ? 0 : 1) +
                                  (h.getRegex().isEmpty() ? 0 : 1);
                if (h.getName().isEmpty() || given != 1) {
                    throw new IllegalArgumentException(at + ": header '" + h.getName() + "' (expected: a name and " +
                                                       "one of present, exact, prefix, suffix, regex)");
                }
                headers.add(new IntentionPermission.HeaderCriterion(
                        h.getName().toLowerCase(Locale.ROOT), h.getPresent(), h.getExact(), h.getPrefix(),
                        h.getSuffix(), compile(h.getRegex(), at + " header " + h.getName()), h.getInvert()));
            }
            permissions.add(new IntentionPermission(j, p.getAction() == Action.ALLOW, http.getPathExact(),
                                                    http.getPathPrefix(), compile(http.getPathRegex(), at + " path"),
                                                    headers, Set.copyOf(http.getMethodsList())));
        }
        return permissions;
    }

    @Nullable
    private static Pattern compile(String regex, String at) {
        if (regex.isEmpty()) {
            return null;
        }
        try {
            return Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException(at + ": regular expression '" + regex + "': " + e.getDescription() +
                                               " (the previous intentions stay in force)");
        }
    }
}
