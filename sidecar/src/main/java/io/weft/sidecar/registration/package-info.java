/**
 * Consul self-registration: {@link io.weft.sidecar.registration.SelfRegistration} registers the
 * {@link io.weft.sidecar.registration.Registration} once the sidecar is ready (retrying with backoff while
 * Consul is unreachable) and deregisters on shutdown, through Consul's agent HTTP API
 * ({@link io.weft.sidecar.registration.ConsulRegistrar}) on the sidecar's own non-blocking client.
 */
@NonNullByDefault
package io.weft.sidecar.registration;

import io.weft.common.annotation.NonNullByDefault;
