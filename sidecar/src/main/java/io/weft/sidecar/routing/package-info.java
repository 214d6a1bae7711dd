/**
 * Routing: which upstream a request goes to ({@link io.weft.sidecar.routing.Authorities} for
 * {@code :authority}/Host, path prefixes in gateway mode), the {@link io.weft.sidecar.routing.Upstreams}
 * registry that follows the pushed endpoints, and errors answered in the caller's protocol
 * ({@link io.weft.sidecar.routing.ProxyErrors}).
 */
package io.weft.sidecar.routing;
