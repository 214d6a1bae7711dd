/**
 * Reusable test fixtures: {@link io.weft.sidecar.testing.MeshFixture} (control plane + apps + sidecars
 * in-process on port 0), {@link io.weft.sidecar.testing.FakeControlPlane}, clients and apps.
 */
package io.weft.sidecar.testing;
