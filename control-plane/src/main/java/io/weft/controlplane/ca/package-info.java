/**
 * The mesh CA as the control plane uses it: loaded from (or created in) the CA directory on start,
 * signs sidecar CSRs for the service their bootstrap token entitles them to, and gives the control
 * plane its own TLS server certificate. Keys for sidecars are never made here.
 */
@javax.annotation.ParametersAreNonnullByDefault
@NonNullByDefault
package io.weft.controlplane.ca;

import io.weft.common.annotation.NonNullByDefault;
