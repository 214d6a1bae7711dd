/**
 * What the end-to-end suites share: the two {@link io.weft.integration.mesh.RunningMesh} implementations
 * (the in-process one built from the sidecar and control plane test fixtures), the Consul HTTP API calls
 * tests make ({@link io.weft.integration.mesh.ConsulApiClient}),
 * and steady background traffic that counts every failed request
 * ({@link io.weft.integration.mesh.SteadyTraffic}).
 */
package io.weft.integration.mesh;
