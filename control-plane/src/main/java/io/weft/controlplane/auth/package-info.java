/**
 * Bootstrap authentication of sidecars: the token in {@code Hello} proves which service a sidecar may
 * act for (and so which identity the CA will sign for it). Compared in constant time.
 */
@javax.annotation.ParametersAreNonnullByDefault
@NonNullByDefault
package io.weft.controlplane.auth;

import io.weft.common.annotation.NonNullByDefault;
