package io.weft.sidecar.testing;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import com.linecorp.armeria.server.Server;

import io.weft.controlplane.testing.AllOrEachExtension;
import io.weft.demo.sum.SumConfig;
import io.weft.demo.sum.SumServer;

/**
 * The apps behind the sidecars, on port 0: the demo {@code sum} gRPC app, or any app server a test builds
 * ({@link EchoApp}, the demo {@code hello} app, a slow one). All are stopped, in parallel, on close.
 */
public final class DemoAppsExtension extends AllOrEachExtension {

    private final List<Server> apps = new CopyOnWriteArrayList<>();

    @Override
    protected void doStart() {}

    /** Starts the demo {@code sum} gRPC app as {@code instanceId}, with a 100 ms shutdown grace. */
    public Server startSum(String instanceId) {
        return startApp(SumServer.build(new SumConfig(SumConfig.DEFAULT_BIND_ADDRESS, 0, instanceId,
                                                   Duration.ofMillis(100))));
    }

    /** Starts an app server (already built) and stops it with this extension. */
    public Server startApp(Server app) {
        requireStarted();
        apps.add(app);
        app.start().join();
        return app;
    }

    @Override
    protected void doClose() {
        CompletableFuture.allOf(apps.stream().map(Server::stop).toArray(CompletableFuture[]::new))
                         .exceptionally(e -> null).join();
        apps.clear();
    }
}
