/**
 * The order in which a sidecar and the app it manages start and stop ({@code sidecar.jar ... -- <app>}):
 * the app starts once the sidecar is ready; its end ends the sidecar with its exit code; and a stop
 * (SIGTERM, SIGINT, SIGHUP or {@code POST /quitquitquit}) runs 1. inbound drain, 2. the app's own graceful
 * stop while the outbound listener still serves it, 3. the sidecar's close (outbound drain, deregistration),
 * all within one {@code --shutdown-grace}.
 */
@NonNullByDefault
package io.weft.sidecar.lifecycle;

import io.weft.common.annotation.NonNullByDefault;
