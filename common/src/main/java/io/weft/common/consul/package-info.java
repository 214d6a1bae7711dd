/**
 * Consul's wire formats that more than one weft module reads or writes: Go's duration syntax, which
 * Consul uses for every timeout and wait in its JSON and query strings. The Consul stand-in (devmesh)
 * answers in it; the control plane reads it from config entries.
 */
@NonNullByDefault
package io.weft.common.consul;

import io.weft.common.annotation.NonNullByDefault;
