package io.weft.devmesh.launcher;

import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code stat}: the control plane's {@code GET /api/v1/traffic} as a table, like {@code linkerd viz stat}. */
@Command(name = "stat", sortOptions = false,
         description = "Golden metrics per edge over the last minute: success rate, requests per second, "
                       + "latency p50/p95/p99, per source -> destination and destination instance.")
public final class StatCommand implements Callable<Integer> {

    @Mixin
    ControlPlaneApi api = new ControlPlaneApi();

    @Mixin
    CommonOptions common = new CommonOptions();

    @Override
    public Integer call() throws InterruptedException {
        return ControlPlaneApi.show("stat", api.address(common.stateDir()), "/api/v1/traffic",
                                    common.terminal().out(), body -> TrafficTable.render(TrafficDocument.parse(body)));
    }
}
