package io.weft.devmesh.launcher;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code down}: asks the launcher of {@code up -d} to stop (SIGTERM; it stops its children in order),
 * then stops any child left behind — e.g. after the launcher was killed — by the pids in run.json,
 * signalling only processes that carry this state directory's marker.
 */
@Command(name = "down", description = "Stops what `up -d` started.")
public final class DownCommand implements Callable<Integer> {

    private static final Duration LAUNCHER_GRACE = Duration.ofSeconds(90);
    private static final Duration CHILD_GRACE = Duration.ofSeconds(15);

    @Mixin
    CommonOptions common = new CommonOptions();

    @Override
    public Integer call() throws InterruptedException {
        return run(common.stateDir(), common.terminal().out());
    }

    static int run(Path stateDir, PrintStream out) throws InterruptedException {
        final Optional<RunState> state = RunState.read(stateDir);
        if (state.isEmpty()) {
            out.println("nothing to stop: no " + RunState.file(stateDir));
            return 0;
        }
        final Optional<ProcessHandle> launcher = ProcessHandle.of(state.get().launcherPid())
                                                              .filter(ProcessHandle::isAlive);
        if (launcher.isPresent() && launcher.get().pid() != ProcessHandle.current().pid()) {
            out.println("stopping the launcher (pid " + launcher.get().pid() + ") and everything it started ...");
            launcher.get().destroy();
            await(launcher.get(), LAUNCHER_GRACE);
        }
        final String marker = "-Dweft.launcher=" + stateDir;
        final List<ProcessHandle> left = state.get().processes().stream()
                .map(c -> ProcessHandle.of(c.pid()))
                .flatMap(Optional::stream)
                .filter(ProcessHandle::isAlive)
                .filter(p -> isOurs(p, marker))
                .toList();
        left.forEach(ProcessHandle::destroy);
        for (ProcessHandle p : left) {
            if (!await(p, CHILD_GRACE)) {
                p.destroyForcibly();
            }
        }
        if (!left.isEmpty()) {
            out.println("stopped " + left.size() + " process(es) the launcher had left behind");
        }
        RunState.delete(stateDir);
        out.println("weft is down; logs are in " + stateDir.resolve("logs"));
        return 0;
    }

    /** Ours: a JVM with our marker, or the consul agent we started (it cannot carry one). */
    static boolean isOurs(ProcessHandle p, String marker) {
        final Optional<String> commandLine = p.info().commandLine();
        if (commandLine.isPresent()) {
            return commandLine.get().contains(marker + " ") || commandLine.get().contains("consul agent -dev");
        }
        return p.info().command().map(c -> c.endsWith("java") || c.endsWith("consul")).orElse(false);
    }

    private static boolean await(ProcessHandle p, Duration grace) throws InterruptedException {
        final CompletableFuture<ProcessHandle> exit = p.onExit();
        try {
            exit.get(grace.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            return !p.isAlive();
        }
    }

    private DownCommand() {}
}
