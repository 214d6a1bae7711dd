/**
 * The one call {@code hello} makes: {@code weft.demo.sum.v1.SumService/Add} over gRPC to a configured
 * upstream with an {@code :authority} override (in the mesh, the local sidecar's outbound listener, which
 * routes by authority). Calls are asynchronous: results and failures arrive on an Armeria event loop as
 * completed futures, so nothing here blocks.
 */
@NonNullByDefault
package io.weft.demo.hello.upstream;

import io.weft.common.annotation.NonNullByDefault;
