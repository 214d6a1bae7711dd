/**
 * The stand-in's state: one agent node with its services and checks ({@code Catalog}, one lock), and
 * the intentions ({@code IntentionTable}, its own lock); both draw indexes from one sequence.
 *
 * <p>Data flow:
 * <ol>
 *   <li>The HTTP endpoints (and the check runner) call {@link io.weft.devmesh.consul.catalog.Catalog}'s
 *       write methods. Every real change takes the next raft-like index and records it on the
 *       "tables" it touched (the services table, one service name, the intentions).</li>
 *   <li>After releasing the lock, the catalog fires the {@link io.weft.devmesh.consul.catalog.Topic}s
 *       it touched: one-shot listeners registered by blocking queries re-run their query.</li>
 *   <li>Check additions and removals are handed to a {@link io.weft.devmesh.consul.catalog.CheckLifecycle}
 *       (the check runner), which probes and reports results back through
 *       {@link io.weft.devmesh.consul.catalog.Catalog#reportCheck}.</li>
 * </ol>
 * Everything here is immutable except {@code Catalog}, which is thread-safe. Nothing blocks.
 */
@NonNullByDefault
package io.weft.devmesh.consul.catalog;

import io.weft.common.annotation.NonNullByDefault;
