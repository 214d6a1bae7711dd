package io.weft.devmesh.launcher;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

import io.weft.devmesh.DevmeshCommand;

/**
 * The launcher's subcommands as {@code devmesh.jar} commands ({@code java -jar devmesh.jar up ...}),
 * found by {@link java.util.ServiceLoader} through
 * {@code META-INF/services/io.weft.devmesh.DevmeshCommand}. Each delegates to {@link LauncherMain}.
 */
public abstract class LauncherCommands implements DevmeshCommand {

    private final String name;
    private final String summary;

    LauncherCommands(String name, String summary) {
        this.name = name;
        this.summary = summary;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String summary() {
        return summary;
    }

    @Override
    public String usage() {
        return LauncherMain.USAGE + "\n";
    }

    @Override
    public int run(List<String> args, PrintStream out) {
        final List<String> argv = new ArrayList<>(List.of(name));
        argv.addAll(args);
        return LauncherMain.run(argv.toArray(String[]::new), System.getenv(), out);
    }

    /** {@code up}. */
    public static final class Up extends LauncherCommands {
        public Up() {
            super("up", "run the whole mesh locally (Consul, control plane, sum x2, hello, gateway)");
        }
    }

    /** {@code down}. */
    public static final class Down extends LauncherCommands {
        public Down() {
            super("down", "stop what `up -d` started");
        }
    }

    /** {@code status}. */
    public static final class Status extends LauncherCommands {
        public Status() {
            super("status", "the running mesh as tables, from the control plane's /api/v1/mesh");
        }
    }

    /** {@code register}. */
    public static final class Register extends LauncherCommands {
        public Register() {
            super("register", "register a Consul service definition (JSON) with the Consul in use");
        }
    }
}
