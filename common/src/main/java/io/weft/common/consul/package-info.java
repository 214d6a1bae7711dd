/**
 * What more than one weft process needs of Consul. Self-registration in the Consul agent, shared by every
 * weft process that Consul should know about (a sidecar registers its instance, a control-plane replica
 * itself): {@link io.weft.common.consul.SelfRegistration} registers a
 * {@link io.weft.common.consul.ServiceRegistration} (retrying with backoff while Consul is unreachable)
 * and deregisters on shutdown, through the agent HTTP API ({@link io.weft.common.consul.ConsulRegistrar})
 * on the caller's own non-blocking Armeria client. And Go's duration syntax
 * ({@link io.weft.common.consul.GoDuration}), which Consul uses for every timeout and wait in its JSON and
 * query strings: the Consul stand-in answers in it, the control plane reads it from config entries.
 */
@NonNullByDefault
package io.weft.common.consul;

import io.weft.common.annotation.NonNullByDefault;
