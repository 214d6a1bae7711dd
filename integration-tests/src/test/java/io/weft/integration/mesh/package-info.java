/**
 * Test fixtures shared by the suites: the two {@link io.weft.integration.mesh.RunningMesh}
 * implementations, the Consul HTTP API calls tests make ({@link io.weft.integration.mesh.ConsulHttp}),
 * and steady background traffic that counts every failed request
 * ({@link io.weft.integration.mesh.SteadyTraffic}).
 */
package io.weft.integration.mesh;
