/**
 * The {@code sum} demo app: a plain gRPC server that knows nothing of the mesh.
 *
 * <p>{@link io.weft.demo.sum.SumOptions} turns flags/env into a {@link io.weft.demo.sum.SumConfig}, and
 * {@link io.weft.demo.sum.SumServer} assembles one Armeria server on {@code <bind>:<port>} serving:
 * <ul>
 *   <li>{@code weft.demo.sum.v1.SumService} ({@link io.weft.demo.sum.service.SumServiceImpl});</li>
 *   <li>gRPC server reflection, {@code grpc.reflection.v1} and the older {@code v1alpha}, which the mesh
 *       sidecar and tools such as grpcurl use to learn the service's descriptors;</li>
 *   <li>the standard {@code grpc.health.v1.Health}: SERVING once started, NOT_SERVING from the moment
 *       the server begins to stop.</li>
 * </ul>
 * Every response carries {@code x-weft-instance}. HTTP/JSON transcoding and unframed requests stay off
 * on purpose: in the mesh the sidecar transcodes, so this app stays a plain gRPC server.
 */
@NonNullByDefault
package io.weft.demo.sum;

import io.weft.common.annotation.NonNullByDefault;
