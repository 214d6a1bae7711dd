/**
 * Mesh state as immutable, versioned snapshots.
 *
 * <pre>
 * discovery (Consul watchers) --update*()--> SnapshotCache --(MeshSnapshot v(n+1), SnapshotDiff)--> listeners
 *                                                  |                                          (stream, metrics)
 *                                                  +-- current() / status(): read by the status API
 * </pre>
 * A {@link io.weft.controlplane.snapshot.MeshSnapshot} never changes; every accepted change produces the
 * next one with a higher version and a per-service diff. Whether Consul is reachable ({@code stale}) is
 * status about the cache, not part of a snapshot, so it never bumps a version.
 */
@javax.annotation.ParametersAreNonnullByDefault
@NonNullByDefault
package io.weft.controlplane.snapshot;

import io.weft.common.annotation.NonNullByDefault;
