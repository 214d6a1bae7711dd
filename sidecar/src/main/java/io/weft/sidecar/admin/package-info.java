/**
 * The admin listener (loopback): health (reflecting the app's), readiness
 * ({@link io.weft.sidecar.admin.Readiness}: why not ready yet), Prometheus metrics, and JSON views of the
 * live configuration and certificates ({@link io.weft.sidecar.admin.ConfigView},
 * {@link io.weft.sidecar.admin.CertsView}: records rendered by Jackson). Blocking checks and rendering run
 * off the event loops.
 */
@NonNullByDefault
package io.weft.sidecar.admin;

import io.weft.common.annotation.NonNullByDefault;
