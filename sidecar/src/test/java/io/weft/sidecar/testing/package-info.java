/**
 * The sidecar's test fixtures, published in sidecar's test-jar and used by the sidecar and integration
 * suites: {@link io.weft.sidecar.testing.SidecarExtension} (sidecars on port 0 around a control plane),
 * {@link io.weft.sidecar.testing.DemoAppsExtension} (the apps behind them),
 * {@link io.weft.sidecar.testing.FakeControlPlane} (an in-test control plane tests steer directly), and
 * clients and apps for tests ({@link io.weft.sidecar.testing.MeshClients},
 * {@link io.weft.sidecar.testing.EchoApp}, {@link io.weft.sidecar.testing.Collector}). The Consul stand-in,
 * the temporary CA and the real control plane come from {@code io.weft.controlplane.testing}.
 */
@NonNullByDefault
package io.weft.sidecar.testing;

import io.weft.common.annotation.NonNullByDefault;
