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
