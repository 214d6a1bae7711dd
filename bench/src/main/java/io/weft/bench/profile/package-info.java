/**
 * Reading the CPU profiles {@code bench/run} takes with async-profiler (collapsed stacks of the sidecars and
 * the relays under max-throughput load) into the tables of the results' profile section.
 */
@NonNullByDefault
package io.weft.bench.profile;

import io.weft.common.annotation.NonNullByDefault;
