package io.weft.controlplane.stream;

import static java.util.Objects.requireNonNull;

import java.util.HashSet;
import java.util.Set;

import javax.annotation.concurrent.Immutable;

import io.weft.protocol.v1.ControlMessage;
import io.weft.protocol.v1.Hello;

/**
 * What one sidecar gets: the trust bundle, the routes of its upstreams (or of every service with
 * {@code all_upstreams}) and the endpoints of every service those routes can send to, and the
 * intentions protecting its own service. Picks from a snapshot's messages
 * the ones for this sidecar, as its full state on joining and then as changes.
 */
@Immutable
final class Subscription {

    /** Where the picked messages go (the session's send queue). */
    @FunctionalInterface
    interface Sink {
        void send(ResourceKey key, ControlMessage message, long version);
    }

    private final String destination;
    private final boolean allUpstreams;
    private final Set<String> upstreams;

    Subscription(String destination, boolean allUpstreams, Set<String> upstreams) {
        this.destination = requireNonNull(destination, "destination");
        this.allUpstreams = allUpstreams;
        this.upstreams = Set.copyOf(upstreams);
    }

    /** The subscription an authenticated {@code hello} asks for. */
    static Subscription of(Hello hello) {
        return new Subscription(hello.getService(), hello.getAllUpstreams(), Set.copyOf(hello.getUpstreamsList()));
    }

    /**
     * Everything this sidecar gets of {@code full}'s snapshot: what it is sent on joining. For each
     * upstream: its ROUTES, and the ENDPOINTS of every service its chain can send to.
     */
    void fullState(ChangeMessages full, Sink sink) {
        sendTrustBundle(full, sink);
        final Set<String> sent = new HashSet<>();
        for (String upstream : upstreams(full)) {
            for (String service : full.targetServices(upstream)) {
                if (sent.add(service)) {
                    sendEndpoints(service, full, sink);
                }
            }
            sendRoutes(upstream, full, sink);
        }
        sendIntentions(full, sink);
    }

    /** What of {@code change} concerns this sidecar. */
    void changes(ChangeMessages change, Sink sink) {
        final Set<String> endpointsOf = new HashSet<>();
        for (String upstream : upstreams(change)) {
            endpointsOf.addAll(change.targetServices(upstream));
        }
        for (String service : change.change.diff().changedServices()) {
            if (endpointsOf.contains(service)) {
                sendEndpoints(service, change, sink);
            }
        }
        for (String service : change.change.diff().removedServices()) {
            if (subscribes(service) || endpointsOf.contains(service)) {
                sendEndpoints(service, change, sink);
            }
        }
        for (String upstream : upstreams(change)) {
            if (change.routesChangedFor(upstream)) {
                sendRoutes(upstream, change, sink);
                if (change.change.diff().changedChains().contains(upstream)) {
                    // a chain that now ends at another service: the sidecar needs that service's instances
                    for (String service : change.targetServices(upstream)) {
                        if (!service.equals(upstream) && !change.change.diff().changedServices().contains(service)) {
                            sendEndpoints(service, change, sink);
                        }
                    }
                }
            }
        }
        if (change.change.diff().trustRootsChanged()) {
            sendTrustBundle(change, sink);
        }
        if (change.intentionsChangedFor(destination)) {
            sendIntentions(change, sink);
        }
    }

    private boolean subscribes(String service) {
        return allUpstreams || upstreams.contains(service);
    }

    /** The upstreams as of {@code messages}' snapshot: every mesh service with {@code all_upstreams}. */
    private Iterable<String> upstreams(ChangeMessages messages) {
        return allUpstreams ? messages.change.current().services().keySet() : upstreams;
    }

    private static void sendRoutes(String service, ChangeMessages messages, Sink sink) {
        final ControlMessage m = messages.routes(service);
        sink.send(ResourceKey.routes(service), m, m.getRoutes().getVersion());
    }

    private static void sendTrustBundle(ChangeMessages messages, Sink sink) {
        final ControlMessage m = messages.trustBundle();
        sink.send(ResourceKey.TRUST_BUNDLE, m, m.getTrustBundle().getVersion());
    }

    private static void sendEndpoints(String service, ChangeMessages messages, Sink sink) {
        final ControlMessage m = messages.endpoints(service);
        sink.send(ResourceKey.endpoints(service), m, m.getEndpoints().getVersion());
    }

    private void sendIntentions(ChangeMessages messages, Sink sink) {
        final ControlMessage m = messages.intentions(destination);
        sink.send(ResourceKey.intentions(destination), m, m.getIntentions().getVersion());
    }
}
