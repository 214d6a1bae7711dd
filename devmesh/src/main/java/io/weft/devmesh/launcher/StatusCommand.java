package io.weft.devmesh.launcher;

import java.io.PrintStream;
import java.net.URI;
import java.time.Clock;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code status}: the control plane's {@code GET /api/v1/mesh} as readable tables. */
@Command(name = "status", sortOptions = false,
         description = "The running mesh as tables: services, instances, health, ACKed versions, certificate expiry.")
public final class StatusCommand implements Callable<Integer> {

    @Mixin
    ControlPlaneApi api = new ControlPlaneApi();

    @Mixin
    CommonOptions common = new CommonOptions();

    @Override
    public Integer call() throws InterruptedException {
        return run(api.address(common.stateDir()), common.terminal().out());
    }

    static int run(URI controlPlane, PrintStream out) throws InterruptedException {
        return ControlPlaneApi.show("status", controlPlane, "/api/v1/mesh", out,
                                    body -> MeshTable.render(MeshDocument.parse(body), Clock.systemUTC()));
    }
}
