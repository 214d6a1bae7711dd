/**
 * The {@code hello} demo app: plain HTTP/JSON that knows nothing of the mesh.
 *
 * <p>{@link io.weft.demo.hello.HelloOptions} turns flags/env into a {@link io.weft.demo.hello.HelloConfig};
 * {@link io.weft.demo.hello.HelloServer} assembles one Armeria server on {@code <bind>:<port>}:
 * <pre>
 * GET /            -&gt; "Hello, world!"
 * GET /greet       -&gt; {"message":"Hello, Ada!","instance":"&lt;id&gt;"}
 * GET /sum?a=&amp;b=   -&gt; routes.HelloRoutes -&gt; upstream.SumClient --gRPC Add--&gt; &lt;upstream&gt; (:authority sum)
 *                     &lt;- {"a":1,"b":2,"sum":3,"servedBy":"&lt;x-weft-instance of the sum reply&gt;"}
 * GET /healthz     -&gt; {"healthy":true}, 503 once the server begins to stop
 * </pre>
 * In the mesh the upstream is the local sidecar's outbound listener, which routes by {@code :authority}.
 * Every response carries {@code x-weft-instance}.
 */
@NonNullByDefault
package io.weft.demo.hello;

import io.weft.common.annotation.NonNullByDefault;
