package io.weft.demo.sum;

import io.weft.demo.sum.launch.Launcher;

/** {@code java -jar sum.jar [--port 50051] [--bind 127.0.0.1] [--instance-id sum-1]}; see {@code --help}. */
public final class SumMain {

    public static void main(String[] args) {
        final SumConfig config = Launcher.configOrExit(SumConfig.command(System.getenv()), args,
                                                       System.getenv(), SumConfig::from);
        Launcher.runUntilSignalled("sum", SumServer.build(config), config.instanceId());
    }

    private SumMain() {}
}
