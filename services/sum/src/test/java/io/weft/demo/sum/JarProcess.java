package io.weft.demo.sum;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A demo app's fat jar running as its own process ({@code java -jar <jar> <args>}), for tests of what
 * only a real process shows: {@code --help}, exit statuses, the start-up line, SIGTERM. The jar comes from
 * the system property {@code weft.fatjar}, which the failsafe plugin sets after {@code package}. Output
 * (stdout and stderr) goes to a file, so nothing is lost however the process ends.
 */
public final class JarProcess implements AutoCloseable {

    /** JVM start-up on a busy CI machine can take a while. */
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final Process process;
    private final Path output;

    private JarProcess(Process process, Path output) {
        this.process = process;
        this.output = output;
    }

    /** Starts {@code java -jar $weft.fatjar args...}. */
    public static JarProcess start(String... args) throws IOException {
        final String jar = System.getProperty("weft.fatjar");
        if (jar == null || !Files.isRegularFile(Path.of(jar))) {
            throw new IllegalStateException("weft.fatjar: " + jar + " (expected: the shaded jar; run via failsafe)");
        }
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-jar");
        command.add(jar);
        command.addAll(List.of(args));
        final Path output = Files.createTempFile("jar-process-", ".log");
        final Process process = new ProcessBuilder(command).redirectErrorStream(true)
                                                           .redirectOutput(output.toFile())
                                                           .start();
        return new JarProcess(process, output);
    }

    /** Waits for an output line matching {@code pattern} and returns its match. */
    public Matcher awaitLine(Pattern pattern) {
        final AtomicReference<Matcher> match = new AtomicReference<>();
        await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(100)).until(() -> {
            for (String line : output().split("\n")) {
                final Matcher m = pattern.matcher(line);
                if (m.find()) {
                    match.set(m);
                    return true;
                }
            }
            if (!process.isAlive()) {
                throw new AssertionError("exited with " + process.exitValue() + " before printing a line matching " +
                                         pattern + ":\n" + output());
            }
            return false;
        });
        return match.get();
    }

    /** Waits for the process to exit and returns its status. */
    public int awaitExit() throws InterruptedException {
        if (!process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            throw new AssertionError("still running after " + TIMEOUT + ":\n" + output());
        }
        return process.exitValue();
    }

    /** Sends SIGTERM (what {@link Process#destroy()} does on Unix). */
    public void terminate() {
        process.destroy();
    }

    /** Everything printed so far. */
    public String output() {
        try {
            return Files.readString(output, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws IOException {
        process.destroyForcibly();
        Files.deleteIfExists(output);
    }
}
