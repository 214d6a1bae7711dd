package io.weft.devmesh;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * Entry point of {@code devmesh.jar}: a small dispatcher over {@link DevmeshCommand}s.
 *
 * <pre>
 * java -jar devmesh.jar consul --port 8500
 * java -jar devmesh.jar agent -dev -client 0.0.0.0     (Consul's own command line)
 * java -jar devmesh.jar --help
 * </pre>
 */
public final class DevmeshMain {

    public static void main(String[] args) {
        final int code = run(Arrays.asList(args), System.out, System.err);
        if (code != 0) {
            System.exit(code);
        }
    }

    /** Runs one command line; returns the exit code. */
    static int run(List<String> args, PrintStream out, PrintStream err) {
        final Map<String, DevmeshCommand> commands = commands();
        if (args.isEmpty() || isHelp(args.get(0)) || "help".equals(args.get(0))) {
            if (args.size() > 1 && commands.containsKey(args.get(1))) {
                out.print(commands.get(args.get(1)).usage());
                return 0;
            }
            out.print(usage(commands));
            return args.isEmpty() ? 2 : 0;
        }
        final DevmeshCommand command = commands.get(args.get(0));
        if (command == null) {
            err.println("devmesh: unknown command: " + args.get(0));
            err.print(usage(commands));
            return 2;
        }
        final List<String> rest = args.subList(1, args.size());
        if (rest.stream().anyMatch(DevmeshMain::isHelp)) {
            out.print(command.usage());
            return 0;
        }
        try {
            return command.run(rest, out);
        } catch (DevmeshCommand.UsageException e) {
            err.println("devmesh " + command.name() + ": " + e.getMessage());
            err.print(command.usage());
            return 2;
        } catch (IllegalArgumentException e) {
            err.println("devmesh " + command.name() + ": " + e.getMessage());
            return 2;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 130;
        } catch (Exception e) {
            err.println("devmesh " + command.name() + ": " + e);
            return 1;
        }
    }

    static Map<String, DevmeshCommand> commands() {
        final List<DevmeshCommand> all = new ArrayList<>(List.of(ConsulCommand.weftSyntax(),
                                                                 ConsulCommand.agentSyntax()));
        ServiceLoader.load(DevmeshCommand.class).forEach(all::add);
        final Map<String, DevmeshCommand> byName = new LinkedHashMap<>();
        all.forEach(c -> byName.putIfAbsent(c.name(), c));
        return byName;
    }

    private static String usage(Map<String, DevmeshCommand> commands) {
        final StringBuilder b = new StringBuilder("Usage: java -jar devmesh.jar <command> [options]\n\nCommands:\n");
        commands.values().forEach(c -> b.append(String.format("  %-8s %s%n", c.name(), c.summary())));
        b.append("\nRun `java -jar devmesh.jar <command> --help` for a command's options.\n");
        return b.toString();
    }

    private static boolean isHelp(String arg) {
        return "--help".equals(arg) || "-help".equals(arg) || "-h".equals(arg);
    }

    private DevmeshMain() {}
}
