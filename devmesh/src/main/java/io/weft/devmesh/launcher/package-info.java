/**
 * The local launcher behind {@code ./weft}: runs the whole mesh on one machine as separate processes.
 * Each command is a picocli {@code @Command} class ({@code devmesh.jar} runs them as subcommands); every
 * one takes {@code --state-dir} and {@code --help} ({@code CommonOptions}).
 *
 * <pre>
 * ./weft up ──▶ devmesh.jar up ──▶ UpCommand (flags, WEFT_* env) ──▶ MeshRunner
 *   1. UpOptions      flags → immutable, validated options (gateway port, state dir, Consul choice, timeouts)
 *   2. ConsulChoice   real `consul agent -dev` (on PATH) / CONSUL_HTTP_ADDR (external) / the stand-in
 *   3. PortAllocator  a free port for every listener of every process (no two processes share one)
 *   4. MeshPlan       the topology as ProcessSpecs, in start order: Consul, control plane,
 *                     sum-1, sum-2, hello-1 each with its sidecar, gateway
 *   5. Supervisor     starts each spec (log under .weft/logs/), records pids in .weft/run.json,
 *                     waits on each spec's readiness Probe, stops everything on exit (SIGTERM, then
 *                     SIGKILL after a grace period), whatever the reason: Ctrl-C, `./weft down`, a failure
 *   6. Banner         what runs where, and curl commands that work
 * ./weft status   ──▶ StatusCommand   (GET /api/v1/mesh of the control plane → MeshDocument → MeshTable)
 * ./weft register ──▶ RegisterCommand (PUT /v1/agent/service/register on the Consul in use)
 * ./weft down     ──▶ DownCommand     (stops the launcher of `up -d`, then any survivor from run.json)
 * ./weft run      ──▶ RunCommand      (run.json and .weft/ → `sidecar.jar <mesh flags> -- <app>` in the
 *                                       foreground: one more service instance; the sidecar orders the app)
 * </pre>
 *
 * <p>This is a command-line program: it blocks on purpose (java.net.http, Process#waitFor); there
 * is no event loop here.
 */
@NonNullByDefault
package io.weft.devmesh.launcher;

import io.weft.common.annotation.NonNullByDefault;
