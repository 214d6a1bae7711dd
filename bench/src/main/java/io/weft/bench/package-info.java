/**
 * The Java side of {@code bench/run}. {@link io.weft.bench.BenchMain} runs one command per process; each is
 * a picocli {@code @Command} class (run through {@link io.weft.common.cli.Cli}) whose fields are its
 * options and defaults:
 * <pre>
 * app          the sum app plus Armeria's JSON transcoding: the "direct" and HAProxy baselines for JSON
 * check        one gRPC / JSON Add before each measured path, so a misrouted path cannot pass as fast
 * h2log        percentiles out of h2load logs (stats)
 * propagation  Consul change -> sidecar /config, p50/p99 (propagation)
 * scale        N light simulated sidecar streams x M services under churn (scale)
 * relay        one hop of a featureless Armeria or Netty two-hop relay: the floors (relay)
 * profile-top  the hottest frames of async-profiler collapsed stacks (profile)
 * </pre>
 */
@NonNullByDefault
package io.weft.bench;

import io.weft.common.annotation.NonNullByDefault;
