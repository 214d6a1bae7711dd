/**
 * Self-registration in the Consul agent, shared by every weft process that Consul should know about
 * (a sidecar registers its instance, a control-plane replica itself):
 * {@link io.weft.common.consul.SelfRegistration} registers a
 * {@link io.weft.common.consul.ServiceRegistration} (retrying with backoff while Consul is unreachable)
 * and deregisters on shutdown, through the agent HTTP API ({@link io.weft.common.consul.ConsulRegistrar})
 * on the caller's own non-blocking Armeria client.
 */
@NonNullByDefault
package io.weft.common.consul;

import io.weft.common.annotation.NonNullByDefault;
