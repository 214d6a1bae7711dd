package io.weft.controlplane.discovery;

import java.time.Duration;

/**
 * Timing of one blocking-query loop.
 *
 * @param queryWait the {@code wait} sent to Consul
 * @param minInterval the least time between the starts of two queries
 * @param backoffInitial the delay after the first error, doubled per further error
 * @param backoffMax the longest delay between errors
 */
public record WatchSettings(Duration queryWait, Duration minInterval, Duration backoffInitial, Duration backoffMax) {}
