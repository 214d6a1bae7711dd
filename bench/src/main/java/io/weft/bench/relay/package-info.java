/**
 * Two featureless two-hop relays, the floors weft's data path is measured against (issue 11): the same
 * topology as weft and HAProxy (h2load -> hop "out", h2c -> mTLS HTTP/2 -> hop "in" -> app, h2c), each hop
 * its own JVM on one event-loop thread, with nothing per request but the relay itself (no retries, metrics,
 * timeouts, logs). {@link io.weft.bench.relay.ArmeriaRelay} is an Armeria server whose only service is an
 * undecorated {@code WebClient}; {@link io.weft.bench.relay.NettyRelay} pairs each inbound HTTP/2 stream with
 * an outbound one on Netty's own codec and passes frames and buffers on. Both count what they put on the wire
 * ({@link io.weft.bench.relay.WireCounter}): flushes and TLS records, which {@code bench/run} divides by the
 * requests of a measured point. Kept in {@code bench}, never in the product.
 */
@NonNullByDefault
package io.weft.bench.relay;

import io.weft.common.annotation.NonNullByDefault;
