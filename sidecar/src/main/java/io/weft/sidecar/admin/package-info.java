/**
 * The admin listener (loopback): health (reflecting the app's), readiness, Prometheus metrics, and
 * JSON views of the live configuration and certificates. Blocking checks run on the blocking executor.
 */
@NonNullByDefault
package io.weft.sidecar.admin;

import io.weft.common.annotation.NonNullByDefault;
