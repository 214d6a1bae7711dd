/**
 * The stand-in's state: one agent node with its services and checks, the config entries (whose
 * {@code service-intentions} are the intentions), and the KV store; all draw indexes from one sequence. {@link io.weft.devmesh.consul.catalog.Catalog} is the one entry point.
 *
 * <p>Data flow:
 * <ol>
 *   <li>The HTTP endpoints (and the check runner) call the catalog's write methods. Services and checks
 *       are written by {@code ServiceRegistry} under one short lock ({@code CheckTable} keeps the checks
 *       and how long each has been critical); every real change takes the next raft-like index and
 *       records it, by {@code ServiceIndexes}' rules, on the "tables" it touched (the services table, one
 *       service name). Intentions ({@code service-intentions} entries) are written by {@code IntentionTable}, the other config
 *       entries by {@code ConfigEntryStore} (which validates them with {@code ConfigEntryValidation} and the
 *       discovery-chain protocol check), and KV pairs by {@code KvStore}, each under its own lock.</li>
 *   <li>Each write ends by publishing an immutable {@code CatalogSnapshot}; reads
 *       ({@code /v1/health/service/:name} and the rest) answer from the current one without a lock, so
 *       the many blocking queries that re-read on the event loops when a service changes never wait.</li>
 *   <li>After releasing the lock, the catalog fires the {@link io.weft.devmesh.consul.catalog.Topic}s
 *       the write touched ({@code Change}): one-shot listeners registered by blocking queries re-run
 *       their query.</li>
 *   <li>Check additions and removals are handed to a {@link io.weft.devmesh.consul.catalog.CheckLifecycle}
 *       (the check runner), which probes and reports results back through
 *       {@link io.weft.devmesh.consul.catalog.Catalog#reportCheck}.</li>
 * </ol>
 * Everything here is immutable or thread-safe. Nothing blocks.
 */
@NonNullByDefault
package io.weft.devmesh.consul.catalog;

import io.weft.common.annotation.NonNullByDefault;
