package io.weft.devmesh.launcher;

import java.net.URI;
import java.util.concurrent.Callable;

import io.weft.common.annotation.Nullable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code stat}: the control plane's {@code GET /api/v1/traffic} as a table, like {@code linkerd viz stat}. */
@Command(name = "stat", sortOptions = false,
         description = "Golden metrics per edge over the last minute: success rate, requests per second, "
                       + "latency p50/p95/p99, per source -> destination and destination instance.")
public final class StatCommand implements Callable<Integer> {

    @Option(names = "--control-plane", paramLabel = "URL",
            description = "the control plane's HTTP address, e.g. http://host:15014 (unset: the running mesh's)")
    @Nullable
    URI controlPlane;

    @Mixin
    CommonOptions common = new CommonOptions();

    @Override
    public Integer call() throws InterruptedException {
        return StatusCommand.show(
                "stat", controlPlane != null ? controlPlane : StatusCommand.runningControlPlane(common.stateDir()),
                "/api/v1/traffic", common.terminal().out(), body -> TrafficTable.render(TrafficDocument.parse(body)));
    }
}
