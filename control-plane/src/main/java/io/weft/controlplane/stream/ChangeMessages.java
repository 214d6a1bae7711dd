package io.weft.controlplane.stream;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.weft.controlplane.snapshot.SnapshotChange;
import io.weft.protocol.v1.ControlMessage;

/**
 * The messages of one snapshot change, each built once however many sessions want it. Sessions call in
 * from their own event loops, hence the concurrent maps.
 */
final class ChangeMessages {

    final SnapshotChange change;
    private final String trustDomain;
    private final String datacenter;
    private final Map<String, ControlMessage> endpoints = new ConcurrentHashMap<>();
    private final Map<String, ControlMessage> intentions = new ConcurrentHashMap<>();
    private final Map<String, Boolean> intentionsChangedFor = new ConcurrentHashMap<>();

    ChangeMessages(SnapshotChange change, String trustDomain, String datacenter) {
        this.change = change;
        this.trustDomain = trustDomain;
        this.datacenter = datacenter;
    }

    ControlMessage endpoints(String service) {
        return endpoints.computeIfAbsent(service, s -> change.diff().removedServices().contains(s)
                ? ProtoResources.removedEndpoints(s, change.current().version())
                : ProtoResources.endpoints(change.current(), s, trustDomain, datacenter));
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
