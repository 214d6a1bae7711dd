/**
 * Propagation: Consul agent register/deregister -> control plane watch -> push -> sidecar state, timed
 * from the Consul call to the sidecar's admin {@code /config} showing the change.
 */
@NonNullByDefault
package io.weft.bench.propagation;

import io.weft.common.annotation.NonNullByDefault;
