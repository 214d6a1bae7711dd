package io.weft.integration.mesh;

import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.testcontainers.DockerClientFactory;

/**
 * Whether a container suite can run here: its images present locally or pulled now, and
 * Testcontainers able to start. A machine with Docker but no registry then skips the suite with a
 * message saying what to set, instead of failing half-way through a build.
 */
public final class DockerImages {

    /**
     * Empty when Testcontainers can start here (its helper containers included); otherwise why not,
     * and what to do. The images themselves are checked first, by {@link #presentOrPulled}.
     */
    public static Optional<String> testcontainersUnavailable() {
        try {
            DockerClientFactory.instance().client();
            return Optional.empty();
        } catch (RuntimeException e) {
            return Optional.of("Testcontainers could not start (" + e.getMessage() + "); without a registry, "
                               + "export TESTCONTAINERS_RYUK_DISABLED=true");
        }
    }

    /** {@code docker image inspect IMAGE || docker pull IMAGE} through the CLI; false without Docker. */
    public static boolean presentOrPulled(String image) {
        return docker(20, "image", "inspect", image) || docker(300, "pull", "-q", image);
    }

    private static boolean docker(int timeoutSeconds, String... args) {
        final java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of("docker"));
        command.addAll(java.util.List.of(args));
        try {
            final Process p = new ProcessBuilder(command)
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return false;
            }
            return p.exitValue() == 0;
        } catch (java.io.IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private DockerImages() {}
}
