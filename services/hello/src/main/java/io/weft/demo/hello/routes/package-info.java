/**
 * {@code hello}'s HTTP routes and the JSON they answer with. Handlers run on the event loop and never
 * block: {@code /sum} returns a response whose content arrives when the asynchronous call to {@code sum}
 * completes. Bad input is a 400 whose {@code error} names the parameter; upstream failures map to
 * 400/502/503/504 with the upstream and its gRPC status (see {@link io.weft.demo.hello.routes.UpstreamErrors}).
 */
@NonNullByDefault
package io.weft.demo.hello.routes;

import io.weft.common.annotation.NonNullByDefault;
