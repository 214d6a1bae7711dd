package io.weft.controlplane.snapshot;

/** One step from {@code previous} to {@code current}, as told to {@link SnapshotCache} listeners. */
public record SnapshotChange(MeshSnapshot previous, MeshSnapshot current, SnapshotDiff diff) {}
