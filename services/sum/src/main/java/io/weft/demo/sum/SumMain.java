package io.weft.demo.sum;

import io.weft.common.cli.Cli;

/** {@code java -jar sum.jar [--port 50051] [--bind 127.0.0.1] [--instance-id sum-1]}; see {@code --help}. */
public final class SumMain {

    public static void main(String[] args) {
        System.exit(Cli.run(new SumOptions(System.getenv()), args, System.getenv()));
    }

    private SumMain() {}
}
