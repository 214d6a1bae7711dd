/**
 * Consul's discovery chain, compiled the way Consul compiles it, from the config entries Consul serves.
 *
 * <pre>
 * /v1/config/{service-defaults, proxy-defaults, service-router, service-splitter, service-resolver}
 *      | ConfigEntry.parse (Consul's field names, aliases and validation messages)
 *      v
 * ConfigEntries (immutable, one per kind and name)
 *      | ChainCompiler.compile(service, datacenter)
 *      v
 * CompiledChain: router:svc -> splitter:svc -> resolver:subset.svc...  + targets (service, subset filter)
 * </pre>
 * A request to a service enters its chain at the start node: a router picks the first route that
 * matches (Consul appends a catch-all to the service itself), a splitter picks a share by weight, a
 * resolver ends at a target, with failover targets for when it has no healthy instance. Everything here
 * is pure and immutable; watching Consul and pushing chains to sidecars live elsewhere.
 */
@NonNullByDefault
package io.weft.controlplane.chain;

import io.weft.common.annotation.NonNullByDefault;
