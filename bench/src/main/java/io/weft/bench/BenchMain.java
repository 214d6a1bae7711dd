package io.weft.bench;

import java.util.Arrays;
import java.util.List;

import io.weft.bench.app.BenchApp;
import io.weft.bench.app.CallCheck;
import io.weft.bench.app.FreePorts;
import io.weft.bench.app.GrpcBody;
import io.weft.bench.profile.JfrTop;
import io.weft.bench.propagation.PropagationBench;
import io.weft.bench.scale.ScaleBench;
import io.weft.bench.stats.H2LoadLog;

/** {@code java -jar bench.jar <command> [--option value]...}: the Java pieces {@code bench/run} drives. */
public final class BenchMain {

    private static final String USAGE = String.join("\n",
            "Usage: java -jar bench.jar <command> [options]   (driven by bench/run)",
            "  app --port N                    sum with reflection and JSON transcoding (the direct baseline)",
            "  ports N                         print N free loopback ports",
            "  grpc-body --out FILE            a length-prefixed AddRequest{a=1,b=2} for h2load -d",
            "  check --url U --proto grpc|json [--authority A]   one Add call; exit 1 unless it answers 3",
            "  h2log [--dist FILE] LOG...      percentiles (us) of h2load --log-file output",
            "  propagation --consul U --admin U [--service prop] [--changes 100] [--gap-ms 550]",
            "  scale --consul U --control-plane H:P --ca-file F --token T --streams N --services M ...",
            "  jfr-top FILE [--top 15] [--prefix io.weft]   hottest frames and allocations of a recording",
            "");

    public static void main(String[] argv) throws Exception {
        if (argv.length == 0 || "--help".equals(argv[0]) || "-h".equals(argv[0])) {
            System.out.print(USAGE);
            return;
        }
        final List<String> rest = Arrays.asList(argv).subList(1, argv.length);
        final Args args;
        try {
            args = new Args(rest);
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            System.exit(2);
            return;
        }
        int exit = 0;
        try {
            switch (argv[0]) {
                case "app" -> BenchApp.run(args);
                case "ports" -> FreePorts.run(args);
                case "grpc-body" -> GrpcBody.run(args);
                case "check" -> exit = CallCheck.run(args);
                case "h2log" -> H2LoadLog.run(args);
                case "propagation" -> PropagationBench.run(args);
                case "scale" -> ScaleBench.run(args);
                case "jfr-top" -> JfrTop.run(args);
                default -> {
                    System.err.println("error: unknown command " + argv[0] + "\n" + USAGE);
                    exit = 2;
                }
            }
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            exit = 2;
        } catch (Exception e) {
            e.printStackTrace();
            exit = 1;
        }
        System.exit(exit);
    }

    private BenchMain() {}
}
