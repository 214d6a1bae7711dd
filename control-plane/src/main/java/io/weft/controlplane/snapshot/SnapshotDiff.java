package io.weft.controlplane.snapshot;

import java.util.Set;

/**
 * What differs between two consecutive snapshots.
 *
 * @param changedServices services that appeared or whose instances changed
 * @param removedServices services that are gone from the catalog
 * @param changedChains services whose discovery chain changed, appeared or left
 */
public record SnapshotDiff(Set<String> changedServices, Set<String> removedServices, boolean intentionsChanged,
                           boolean trustRootsChanged, Set<String> changedChains) {

    public SnapshotDiff {
        changedServices = Set.copyOf(changedServices);
        removedServices = Set.copyOf(removedServices);
        changedChains = Set.copyOf(changedChains);
    }

    public SnapshotDiff(Set<String> changedServices, Set<String> removedServices, boolean intentionsChanged,
                        boolean trustRootsChanged) {
        this(changedServices, removedServices, intentionsChanged, trustRootsChanged, Set.of());
    }

    public static SnapshotDiff chains(Set<String> changed) {
        return new SnapshotDiff(Set.of(), Set.of(), false, false, changed);
    }

    /** This diff and the chains that changed along with it, in one step. */
    SnapshotDiff withChains(Set<String> changed) {
        return new SnapshotDiff(changedServices, removedServices, intentionsChanged, trustRootsChanged, changed);
    }

    public static SnapshotDiff services(Set<String> changed, Set<String> removed) {
        return new SnapshotDiff(changed, removed, false, false);
    }

    public boolean isEmpty() {
        return changedServices.isEmpty() && removedServices.isEmpty() && !intentionsChanged && !trustRootsChanged &&
               changedChains.isEmpty();
    }
}
