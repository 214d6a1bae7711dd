/**
 * Gateway mode: the plaintext edge listener (HTTP/1.1 and h2c, default port 8080). Requests are
 * routed by path prefix {@code /<service>/...} (stripped) or by Host, then take the outbound path.
 */
@NonNullByDefault
package io.weft.sidecar.gateway;

import io.weft.common.annotation.NonNullByDefault;
