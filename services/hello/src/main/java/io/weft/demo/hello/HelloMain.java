package io.weft.demo.hello;

import io.weft.common.cli.Cli;

/** {@code java -jar hello.jar [--port 8081] [--upstream http://127.0.0.1:15001]}; see {@code --help}. */
public final class HelloMain {

    public static void main(String[] args) {
        System.exit(Cli.run(new HelloOptions(System.getenv()), args, System.getenv()));
    }

    private HelloMain() {}
}
