package io.weft.devmesh.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;

/**
 * The sidecars' AppCDS archive: the classes one training start of a sidecar loaded, written by the JVM
 * as it exited ({@code -XX:ArchiveClassesAtExit}); later starts map them ({@code -XX:SharedArchiveFile})
 * instead of loading, verifying and linking them again. An archive belongs to one {@code sidecar.jar}
 * and one JDK: its default name carries the JDK's version, and it is stale once the jar or the JVM
 * options file is newer. A stale or foreign archive is never an error (the options file says
 * {@code -Xshare:auto}): the JVM skips it and the start is only slower.
 *
 * @param file the archive
 * @param jar the sidecar jar it was made from
 * @param jvmOptions the sidecar's JVM options file ({@code sidecar.jvmopts})
 */
record SidecarArchive(Path file, Path jar, Path jvmOptions) {

    /** The archive for {@code jar} and the running JDK, next to the jar. */
    static SidecarArchive nextTo(Path jar, Path jvmOptions) {
        return new SidecarArchive(jar.resolveSibling("sidecar-jdk-" + Runtime.version() + ".jsa"), jar, jvmOptions);
    }

    /** Present, not empty, and newer than the jar and the JVM options file. */
    boolean isFresh() {
        try {
            if (!Files.isRegularFile(file) || Files.size(file) == 0) {
                return false;
            }
            final FileTime written = Files.getLastModifiedTime(file);
            return written.compareTo(Files.getLastModifiedTime(jar)) > 0
                   && (!Files.exists(jvmOptions) || written.compareTo(Files.getLastModifiedTime(jvmOptions)) > 0);
        } catch (IOException e) {
            return false;
        }
    }

    /** What a sidecar's command line gets: the archive when it is fresh, nothing otherwise. */
    List<String> useOptions() {
        return isFresh() ? List.of("-XX:SharedArchiveFile=" + file) : List.of();
    }

    /** Where a training start writes, before the file replaces {@link #file()} in one move. */
    Path trainingOutput() {
        return file.resolveSibling(file.getFileName() + ".training");
    }
}
