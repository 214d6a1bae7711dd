/**
 * Numbers: HdrHistogram latencies (microseconds) with their summary line and chart data, h2load log
 * parsing, and the median/min/max of repeated points.
 */
@NonNullByDefault
package io.weft.bench.stats;

import io.weft.common.annotation.NonNullByDefault;
