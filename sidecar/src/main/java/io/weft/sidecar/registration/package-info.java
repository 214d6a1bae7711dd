/**
 * Consul self-registration: {@link io.weft.sidecar.registration.SelfRegistration} registers the
 * {@link io.weft.sidecar.registration.Registration} once the sidecar is ready (retrying with backoff while
 * Consul is unreachable) and deregisters on shutdown. All consul-api calls run on the blocking executor.
 */
@NonNullByDefault
package io.weft.sidecar.registration;

import io.weft.common.annotation.NonNullByDefault;
