package io.weft.controlplane.stream;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.weft.controlplane.snapshot.MeshSnapshot;
import io.weft.controlplane.snapshot.SnapshotChange;
import io.weft.controlplane.snapshot.SnapshotDiff;
import io.weft.protocol.v1.ControlMessage;

/**
 * The messages of one snapshot change, each built once however many sessions want it. Sessions call in
 * from their own event loops, hence the concurrent maps. {@link #fullState} gives the messages of a whole
 * snapshot, for a session that has just joined.
 */
final class ChangeMessages {

    final SnapshotChange change;
    private final String trustDomain;
    private final String datacenter;
    private final Map<String, ControlMessage> endpoints = new ConcurrentHashMap<>();
    private final Map<String, ControlMessage> intentions = new ConcurrentHashMap<>();
    private final Map<String, ControlMessage> routes = new ConcurrentHashMap<>();
    private final Map<String, Boolean> routesChangedFor = new ConcurrentHashMap<>();
    private final Map<String, Boolean> intentionsChangedFor = new ConcurrentHashMap<>();

    ChangeMessages(SnapshotChange change, String trustDomain, String datacenter) {
        this.change = change;
        this.trustDomain = trustDomain;
        this.datacenter = datacenter;
    }

    /** The messages of {@code snapshot} itself (nothing removed): a new session's full state. */
    static ChangeMessages fullState(MeshSnapshot snapshot, String trustDomain, String datacenter) {
        return new ChangeMessages(new SnapshotChange(snapshot, snapshot, SnapshotDiff.services(Set.of(), Set.of())),
                                  trustDomain, datacenter);
    }

    ControlMessage endpoints(String service) {
        return endpoints.computeIfAbsent(service, s -> change.diff().removedServices().contains(s)
                ? ProtoResources.removedEndpoints(s, change.current().version())
                : ProtoResources.endpoints(change.current(), s, trustDomain, datacenter));
    }

    ControlMessage routes(String service) {
        return routes.computeIfAbsent(service, s -> RouteResources.routes(change.current(), s));
    }

    /**
     * Whether {@code service}'s ROUTES differ between the two snapshots: its chain changed, or the
     * instances of a service its chain ends at did (a target's members come from them).
     */
    boolean routesChangedFor(String service) {
        return routesChangedFor.computeIfAbsent(service, s -> {
            if (change.diff().changedChains().contains(s)) {
                return true;
            }
            if (RouteResources.isDefault(change.current(), s)) {
                return false; // a default chain carries no members: the service's endpoints say it all
            }
            for (String target : RouteResources.targetServices(change.current(), s)) {
                if (change.diff().changedServices().contains(target) ||
                    change.diff().removedServices().contains(target)) {
                    return true;
                }
            }
            return false;
        });
    }

    /** The services {@code service}'s current chain can send to. */
    java.util.Set<String> targetServices(String service) {
        return RouteResources.targetServices(change.current(), service);
    }

    /** Whether the rules protecting {@code destination} differ between the two snapshots. */
    boolean intentionsChangedFor(String destination) {
        return change.diff().intentionsChanged() && intentionsChangedFor.computeIfAbsent(
                destination, d -> !change.previous().intentionsFor(d).equals(change.current().intentionsFor(d)));
    }

    ControlMessage intentions(String destination) {
        return intentions.computeIfAbsent(destination, d -> ProtoResources.intentions(change.current(), d));
    }

    ControlMessage trustBundle() {
        return ProtoResources.trustBundle(change.current());
    }
}
