/**
 * End-to-end suites. {@link io.weft.integration.MeshScenarios} holds every scenario once; it runs
 * against two meshes:
 * <ul>
 *   <li>{@link io.weft.integration.InProcessMeshTest}: {@link io.weft.integration.mesh.InProcessMesh}, the
 *       whole topology in this JVM on port 0 with the Consul stand-in (always, in {@code ./mvnw verify});</li>
 *   <li>{@link io.weft.integration.ContainerMeshTest}: {@link io.weft.integration.mesh.ContainerMesh}, the
 *       docker-compose topology as Testcontainers, images built from the repository's Dockerfile and
 *       Consul from {@code CONSUL_IMAGE} (skipped without Docker).</li>
 * </ul>
 * Every request goes through the gateway, like the README's curl commands.
 */
package io.weft.integration;
