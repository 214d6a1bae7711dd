/**
 * What the data-plane measurements run against and with: the app ({@link io.weft.bench.app.BenchApp}),
 * the pre-framed gRPC body for h2load, free ports, and the one-call correctness check run before every path.
 */
@NonNullByDefault
package io.weft.bench.app;

import io.weft.common.annotation.NonNullByDefault;
