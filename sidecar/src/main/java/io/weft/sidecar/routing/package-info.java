/**
 * Routing: which upstream a request goes to ({@link io.weft.sidecar.routing.Authorities} for
 * {@code :authority}/Host; path prefixes live in {@code gateway}), the
 * {@link io.weft.sidecar.routing.Upstreams} registry that follows the pushed endpoints with one
 * {@code balancing.UpstreamCluster} per service. Failures are answered by the {@code failure} package.
 *
 * <pre>
 * MeshState (discovery thread) -> Upstreams.onMeshState -> UpstreamCluster.update (atomic swap)
 * request (event loop) -> Upstreams.get(service) -> Upstream.client (retry -> LB -> mTLS)
 * </pre>
 */
@NonNullByDefault
package io.weft.sidecar.routing;

import io.weft.common.annotation.NonNullByDefault;
