/**
 * What a sidecar registers in Consul ({@link io.weft.sidecar.registration.Registration}): its inbound port
 * with an HTTP check on the admin {@code /healthz}. Registering it once the sidecar is ready, retrying, and
 * deregistering on shutdown is {@link io.weft.common.consul.SelfRegistration}'s, shared with the control plane.
 */
@NonNullByDefault
package io.weft.sidecar.registration;

import io.weft.common.annotation.NonNullByDefault;
