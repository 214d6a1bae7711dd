package io.weft.integration.mesh;

import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.testcontainers.DockerClientFactory;

import com.github.dockerjava.api.DockerClient;

/**
 * Whether the images a container suite needs can be had: present locally, or pulled now. A machine
 * with Docker but no registry then skips the suite with a message saying which override to set,
 * instead of failing half-way through a build.
 */
public final class DockerImages {

    /** Empty when every image is available; otherwise why not, and what to do. */
    public static Optional<String> unavailable(Iterable<String> images) {
        final DockerClient docker;
        try {
            docker = DockerClientFactory.instance().client();
        } catch (RuntimeException e) {
            return Optional.of("Testcontainers could not start (" + e.getMessage() + "); without a registry, "
                               + "export TESTCONTAINERS_RYUK_DISABLED=true");
        }
        for (String image : images) {
            if (!present(docker, image) && !pulled(docker, image)) {
                return Optional.of("image " + image + " is neither present nor pullable (set CONSUL_IMAGE, "
                                   + "WEFT_IMAGE or JDK_IMAGE/JRE_IMAGE to images this machine has)");
            }
        }
        return Optional.empty();
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

    private static boolean present(DockerClient docker, String image) {
        try {
            docker.inspectImageCmd(image).exec();
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static boolean pulled(DockerClient docker, String image) {
        try {
            return docker.pullImageCmd(image).start().awaitCompletion(120, TimeUnit.SECONDS)
                   && present(docker, image);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private DockerImages() {}
}
