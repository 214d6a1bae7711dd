/**
 * Consul self-registration: register once the sidecar is ready, deregister on shutdown. All
 * consul-api calls run on the blocking executor.
 */
@NonNullByDefault
package io.weft.sidecar.registration;

import io.weft.common.annotation.NonNullByDefault;
