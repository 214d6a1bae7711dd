package io.weft.devmesh.launcher;

import java.io.PrintStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Entry point of {@code ./weft}'s Java half: {@code up [--detach]}, {@code down}, {@code status},
 * {@code register FILE.json}. Every subcommand takes {@code --state-dir} (default {@code .weft}).
 */
public final class LauncherMain {

    static final String USAGE = """
            Usage: weft <command> [options]
              up [--port 8080] [--consul auto|standin|real|URL] [--timeout 180s] [--leaf-ttl 24h]
                                        run the mesh in the foreground; Ctrl-C stops everything
              up -d ...                 the same in the background (logs in .weft/logs/); stop with `down`
              down                      stop what `up -d` started
              status                    services, instances, health, ACKed versions, certificate expiry
              register FILE.json        register a Consul service definition with the Consul in use
            Common option: --state-dir DIR (default .weft). Environment: CONSUL_HTTP_ADDR (use that
            Consul), WEFT_JAVA_OPTS (JVM options for every process).""";

    /** The subcommands this class handles (DevmeshMain hands them over). */
    public static final List<String> COMMANDS = List.of("up", "down", "status", "register");

    public static void main(String[] args) {
        System.exit(run(args, System.getenv(), System.out));
    }

    /** Runs one subcommand; returns the process exit code. */
    public static int run(String[] argv, Map<String, String> env, PrintStream out) {
        if (argv.length == 0 || List.of("-h", "--help", "help").contains(argv[0])) {
            out.println(USAGE);
            return argv.length == 0 ? 2 : 0;
        }
        final String command = argv[0];
        final List<String> args = Arrays.asList(argv).subList(1, argv.length);
        try {
            final Path stateDir = stateDir(args);
            final List<String> rest = withoutStateDir(args);
            return switch (command) {
                case "up" -> {
                    final boolean detached = rest.contains("--detach") || rest.contains("-d");
                    final List<String> upArgs = rest.stream()
                            .filter(a -> !a.equals("--detach") && !a.equals("-d")).toList();
                    final List<String> withState = new java.util.ArrayList<>(upArgs);
                    withState.addAll(List.of("--state-dir", stateDir.toString()));
                    yield new UpCommand(UpOptions.parse(withState, env, defaultHome(), LauncherMain::which),
                                        detached, out).run();
                }
                case "down" -> DownCommand.run(stateDir, out);
                case "status" -> StatusCommand.run(controlPlane(rest, stateDir), out);
                case "register" -> {
                    if (rest.size() != 1) {
                        out.println("register: expected exactly one FILE.json (got " + rest + ")");
                        yield 2;
                    }
                    yield RegisterCommand.run(Path.of(rest.get(0)), consul(env, stateDir), out);
                }
                default -> {
                    out.println("unknown command: " + command + "\n" + USAGE);
                    yield 2;
                }
            };
        } catch (IllegalArgumentException e) {
            out.println("weft " + command + ": " + e.getMessage());
            return 2;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 130;
        } catch (Exception e) {
            out.println("weft " + command + " failed: " + e);
            return 1;
        }
    }

    private static Path stateDir(List<String> args) {
        final int i = args.indexOf("--state-dir");
        return Path.of(i >= 0 ? UpOptions.value(args, i + 1, "--state-dir") : ".weft").toAbsolutePath().normalize();
    }

    private static List<String> withoutStateDir(List<String> args) {
        final int i = args.indexOf("--state-dir");
        if (i < 0) {
            return args;
        }
        final List<String> rest = new java.util.ArrayList<>(args);
        rest.remove(i + 1);
        rest.remove(i);
        return rest;
    }

    /** The Consul in use: the running mesh's, else CONSUL_HTTP_ADDR, else Consul's default address. */
    static URI consul(Map<String, String> env, Path stateDir) {
        final Optional<RunState> state = RunState.read(stateDir);
        if (state.isPresent() && state.get().launcherAlive()) {
            return state.get().consul();
        }
        final String addr = env.getOrDefault("CONSUL_HTTP_ADDR", "127.0.0.1:8500");
        return ConsulChoice.external("CONSUL_HTTP_ADDR", addr).external().orElseThrow();
    }

    private static URI controlPlane(List<String> args, Path stateDir) {
        final int i = args.indexOf("--control-plane");
        if (i >= 0) {
            return URI.create(UpOptions.value(args, i + 1, "--control-plane"));
        }
        return RunState.read(stateDir).filter(RunState::launcherAlive).map(RunState::controlPlane)
                       .orElseThrow(() -> new IllegalArgumentException(
                               "no running mesh in " + stateDir + " (start one with ./weft up -d, or pass "
                               + "--control-plane http://host:15014)"));
    }

    /** The repository root: devmesh.jar lives in {@code <root>/devmesh/target/}. */
    static Path defaultHome() {
        try {
            final Path jar = Path.of(LauncherMain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            final Path target = jar.getParent();
            if (target != null && target.getParent() != null && target.getParent().getParent() != null) {
                return target.getParent().getParent();
            }
        } catch (URISyntaxException | SecurityException | NullPointerException e) {
            // fall through: the working directory
        }
        return Path.of("").toAbsolutePath();
    }

    static Optional<Path> which(String name) {
        final String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        return Arrays.stream(path.split(java.io.File.pathSeparator))
                     .filter(dir -> !dir.isEmpty())
                     .map(dir -> Path.of(dir, name))
                     .filter(Files::isExecutable)
                     .findFirst();
    }

    private LauncherMain() {}
}
