package io.weft.controlplane.snapshot;

import java.util.Set;

/**
 * What differs between two consecutive snapshots.
 *
 * @param changedServices services that appeared or whose instances changed
 * @param removedServices services that are gone from the catalog
 */
public record SnapshotDiff(Set<String> changedServices, Set<String> removedServices, boolean intentionsChanged,
                           boolean trustRootsChanged) {

    public SnapshotDiff {
        changedServices = Set.copyOf(changedServices);
        removedServices = Set.copyOf(removedServices);
    }

    public static SnapshotDiff services(Set<String> changed, Set<String> removed) {
        return new SnapshotDiff(changed, removed, false, false);
    }

    public boolean isEmpty() {
        return changedServices.isEmpty() && removedServices.isEmpty() && !intentionsChanged && !trustRootsChanged;
    }
}
