/**
 * The chaos soak's load client ({@code bench.jar soak-load}, driven by {@code bench/soak}): steady mixed
 * traffic at a fixed rate (unary gRPC and server streams through an outbound sidecar, JSON through the
 * gateway, long-lived bidirectional streams re-established when they break), every failure classified by
 * kind and cause ({@link io.weft.bench.soak.Cause}), latency per minute, and stream breaks with the
 * instance that served them, written as TSV files the script's report reads.
 */
@NonNullByDefault
package io.weft.bench.soak;

import io.weft.common.annotation.NonNullByDefault;
