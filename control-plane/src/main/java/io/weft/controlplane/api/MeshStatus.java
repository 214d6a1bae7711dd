package io.weft.controlplane.api;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import io.weft.common.annotation.Nullable;

import io.weft.controlplane.chain.ChainSet;
import io.weft.controlplane.chain.CompiledChain;
import io.weft.controlplane.chain.RouteMatch;
import io.weft.controlplane.snapshot.Intention;
import io.weft.controlplane.snapshot.IntentionPermission;
import io.weft.controlplane.snapshot.MeshSnapshot;
import io.weft.controlplane.snapshot.ServiceEndpoints;
import io.weft.controlplane.snapshot.ServiceInstance;
import io.weft.controlplane.stream.ResourceVersions;
import io.weft.controlplane.stream.SessionView;

/**
 * The {@code /api/v1/mesh} document, serialised by Jackson in the order written here. Other tools read it by
 * name ({@code ./weft status}, bench, the integration suites): renaming a component changes the API.
 * Times are ISO-8601 strings; a value not known yet is {@code null}, never left out.
 */
public record MeshStatus(Snapshot snapshot, List<Service> services, Intentions intentions, Routing routing,
                         TrustBundle trustBundle, List<Sidecar> sidecars) {

    /** The snapshot being served and how fresh it is. */
    public record Snapshot(long version, String builtAt, boolean ready, boolean stale,
                           @Nullable String lastConsulContact, long consulWatchErrors) {}

    public record Service(String name, long version, List<Instance> instances) {}

    /** One instance; {@code health} is {@code passing}, {@code warning} or {@code critical}. */
    public record Instance(String id, String address, int port, String protocol, int weight, String zone,
                           String health, Map<String, String> meta) {}

    /**
     * {@code defaultAction} and each L4 rule's {@code action} are {@code allow} or {@code deny}; {@code rejected}
     * lists the L7 intentions weft cannot apply as written (each is enforced as a deny of its source).
     */
    public record Intentions(long version, String defaultAction, List<Rule> rules, List<RejectedIntention> rejected) {}

    /** {@code action} is null for an L7 rule, whose {@code permissions} (in order) decide. */
    public record Rule(String source, String destination, @Nullable String action, int precedence,
                       List<String> permissions) {}

    public record RejectedIntention(String source, String destination, String error) {}

    /**
     * Consul's L7 config entries as weft applies them: each service whose discovery chain is not the
     * default one (or cannot be compiled: {@code error}), and each entry weft could not read.
     */
    public record Routing(List<Chain> chains, List<RejectedEntry> rejectedEntries) {}

    /** {@code start}: the node a request enters at; {@code targets}: where it can end. */
    public record Chain(String service, long version, @Nullable String protocol, @Nullable String start,
                        List<String> targets, @Nullable String error) {}

    public record RejectedEntry(String kind, String name, String error) {}

    /** {@code roots}: how many root certificates the bundle holds. */
    public record TrustBundle(String trustDomain, long version, int roots) {}

    /** One connected sidecar; {@code resources} is keyed {@code endpoints/sum}, {@code certificate}, .... */
    public record Sidecar(long id, String service, String instanceId, String identity, String sidecarVersion,
                          String remoteAddress, String connectedAt, @Nullable String certificateNotBefore,
                          @Nullable String certificateNotAfter,
                          int pending, Map<String, Resource> resources) {}

    /** What the sidecar has of one resource (0 / null when none). */
    public record Resource(long sent, long acked, long nacked, @Nullable String nackError) {}

    static MeshStatus of(MeshSnapshot snapshot, boolean ready, boolean stale, @Nullable Instant lastContact,
                         long watchErrors, List<SessionView> sidecars) {
        return new MeshStatus(
                new Snapshot(snapshot.version(), snapshot.builtAt().toString(), ready, stale, text(lastContact),
                             watchErrors),
                snapshot.services().values().stream().map(MeshStatus::service).toList(),
                new Intentions(snapshot.intentionsVersion(), lowerCase(snapshot.defaultAction()),
                               snapshot.intentions().stream().map(MeshStatus::rule).toList(),
                               snapshot.intentions().stream().filter(i -> i.error() != null)
                                       .map(i -> new RejectedIntention(i.source(), i.destination(), i.error()))
                                       .toList()),
                routing(snapshot.chains()),
                new TrustBundle(snapshot.trustRoots().trustDomain(), snapshot.trustRootsVersion(),
                                snapshot.trustRoots().rootsPem().size()),
                sidecars.stream().map(MeshStatus::sidecar).toList());
    }

    private static Service service(ServiceEndpoints s) {
        return new Service(s.name(), s.version(), s.instances().stream().map(MeshStatus::instance).toList());
    }

    private static Instance instance(ServiceInstance i) {
        return new Instance(i.id(), i.address(), i.port(), i.protocol(), i.weight(), i.zone(), i.health().label(),
                            i.meta());
    }

    private static Routing routing(ChainSet chains) {
        final List<Chain> shown = chains.chains().values().stream()
                                        .filter(c -> !c.ok() || !c.chain().isDefault())
                                        .map(MeshStatus::chain).toList();
        return new Routing(shown, chains.rejected().stream()
                                        .map(r -> new RejectedEntry(r.kind(), r.name(), r.error())).toList());
    }

    private static Chain chain(ChainSet.ServiceChain c) {
        final CompiledChain chain = c.chain();
        return chain == null ? new Chain(c.service(), c.version(), null, null, List.of(), c.error())
                             : new Chain(c.service(), c.version(), chain.protocol(), chain.startNode(),
                                         List.copyOf(chain.targets().keySet()), null);
    }

    private static Rule rule(Intention i) {
        return new Rule(i.source(), i.destination(), i.action() == null ? null : lowerCase(i.action()),
                        i.precedence(), i.permissions().stream().map(MeshStatus::permission).toList());
    }

    /** {@code deny GET,POST PathPrefix /admin header x-user Exact "ada"}: the permission as written. */
    private static String permission(IntentionPermission p) {
        final StringBuilder b = new StringBuilder(lowerCase(p.action()));
        if (!p.methods().isEmpty()) {
            b.append(' ').append(String.join(",", p.methods()));
        }
        if (!p.pathExact().isEmpty()) {
            b.append(" PathExact ").append(p.pathExact());
        } else if (!p.pathPrefix().isEmpty()) {
            b.append(" PathPrefix ").append(p.pathPrefix());
        } else if (!p.pathRegex().isEmpty()) {
            b.append(" PathRegex ").append(p.pathRegex());
        }
        for (RouteMatch.HeaderMatch h : p.headers()) {
            b.append(" header ").append(h.name()).append(h.invert() ? " not" : "");
            if (h.present()) {
                b.append(" Present");
            } else if (!h.exact().isEmpty()) {
                b.append(" Exact \"").append(h.exact()).append('"');
            } else if (!h.prefix().isEmpty()) {
                b.append(" Prefix \"").append(h.prefix()).append('"');
            } else if (!h.suffix().isEmpty()) {
                b.append(" Suffix \"").append(h.suffix()).append('"');
            } else {
                b.append(" Regex \"").append(h.regex()).append('"');
            }
        }
        return b.toString();
    }

    private static Sidecar sidecar(SessionView v) {
        final Map<String, Resource> resources = new TreeMap<>();
        v.resources().forEach((name, r) -> resources.put(name, resource(r)));
        return new Sidecar(v.id(), v.service(), v.instanceId(), v.identity(), v.sidecarVersion(), v.remoteAddress(),
                           v.connectedAt().toString(), text(v.certificateNotBefore()),
                           text(v.certificateNotAfter()), v.pending(), resources);
    }

    private static Resource resource(ResourceVersions r) {
        return new Resource(r.sent(), r.acked(), r.nacked(), r.nackError());
    }

    @Nullable
    private static String text(@Nullable Instant instant) {
        return instant == null ? null : instant.toString();
    }

    private static String lowerCase(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }
}
