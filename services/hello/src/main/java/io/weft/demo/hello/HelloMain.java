package io.weft.demo.hello;

import io.weft.demo.sum.launch.Launcher;

/** {@code java -jar hello.jar [--port 8081] [--upstream http://127.0.0.1:15001]}; see {@code --help}. */
public final class HelloMain {

    public static void main(String[] args) {
        final HelloConfig config = Launcher.configOrExit(HelloConfig.command(System.getenv()), args,
                                                         System.getenv(), HelloConfig::from);
        Launcher.runUntilSignalled("hello", HelloServer.build(config), config.instanceId());
    }

    private HelloMain() {}
}
