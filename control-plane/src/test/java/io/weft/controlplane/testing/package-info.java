/**
 * The mesh's test fixtures up to the control plane, published in control-plane's test-jar and used by the
 * control-plane, sidecar and integration suites: {@link io.weft.controlplane.testing.ConsulStandInExtension}
 * (the Consul API stand-in), {@link io.weft.controlplane.testing.TemporaryCa} (a CA in a temporary
 * directory), {@link io.weft.controlplane.testing.ControlPlaneExtension} (control planes over both) and
 * {@link io.weft.controlplane.testing.StreamClient} (a test sidecar on the stream). Each extension starts on
 * port 0 and closes what it started, per class or per test ({@link io.weft.controlplane.testing.AllOrEachExtension}).
 */
@NonNullByDefault
package io.weft.controlplane.testing;

import io.weft.common.annotation.NonNullByDefault;
