/**
 * Watching Consul with blocking queries.
 *
 * <pre>
 * 1. WatchLoop(catalog)     GET /v1/catalog/services?index&amp;wait        (consul-api, blocking executor)
 *      -> ConsulDiscovery starts/stops one WatchLoop per service
 * 2. WatchLoop(health, svc) GET /v1/health/service/svc?passing&amp;index&amp;wait (consul-api, blocking executor)
 *      -> ConsulHealthMapper keeps instances with Meta weft-protocol -> SnapshotCache.putService
 * 3. WatchLoop(intentions)  GET /v1/connect/intentions?index&amp;wait      (Armeria WebClient, async)
 *      -> IntentionsJson -> SnapshotCache.putIntentions
 * </pre>
 * Every loop follows Consul's rules for blocking queries: the first query carries no index, the index is
 * reset to 0 when it goes backwards and never sent below 1, queries of one loop start at least
 * {@code minInterval} apart (a rate limit, not a sleep), errors back off exponentially with jitter, and
 * {@code wait} stays well below the HTTP client's read timeout. No Consul call runs on an event loop:
 * consul-api calls run on a dedicated executor, the intentions call is non-blocking.
 * A failing loop marks the snapshot stale; the last good snapshot keeps being served.
 */
@javax.annotation.ParametersAreNonnullByDefault
@NonNullByDefault
package io.weft.controlplane.discovery;

import io.weft.common.annotation.NonNullByDefault;
