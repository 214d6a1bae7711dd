/**
 * The outbound side (plaintext, loopback, default 127.0.0.1:15001), in request order:
 * <pre>
 * app --h1/h2c--> OutboundRouter (:authority -> service; unknown = 404 / UNAVAILABLE)
 *   -> the service's client: retry -> load balancing -> MtlsOrigination (per attempt: our cert,
 *      server must be the destination's SPIFFE ID) --mTLS h2--> the peer sidecar's inbound
 * </pre>
 * Gateway mode reuses exactly this path behind {@code gateway.EdgeRouter}.
 */
@NonNullByDefault
package io.weft.sidecar.outbound;

import io.weft.common.annotation.NonNullByDefault;
