/**
 * The HTTP side of the Consul stand-in: Consul's paths, JSON shapes, headers and error texts.
 *
 * <p>Data flow: {@link io.weft.devmesh.consul.endpoints.ConsulHttpService} matches the path like
 * Consul's mux and aggregates the request; a handler ({@code AgentEndpoints},
 * {@code CatalogEndpoints}, {@code IntentionEndpoints}, {@code ConfigEndpoints}, {@code KvEndpoints}) decodes the body with Consul's rules
 * ({@code RequestDecoder}), calls the {@code Catalog}, and renders the result
 * ({@code ConsulJson}). Reads go through {@code BlockingQuery}, which answers at once or parks on a
 * catalog topic until the index moves past {@code ?index} or {@code ?wait} elapses; {@code ResultFilter}
 * applies {@code ?filter} to what is rendered. Errors are
 * {@code ConsulApiException}s rendered as Consul's plain-text bodies.
 */
@NonNullByDefault
package io.weft.devmesh.consul.endpoints;

import io.weft.common.annotation.NonNullByDefault;
