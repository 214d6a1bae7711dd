package io.weft.certs.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The on-disk layout of a CA directory. Private keys are written with mode 0600 from the start (the file is
 * created with those permissions, then moved into place), so no reader ever sees a wider mode.
 * Blocking file IO: never call on an event loop.
 */
public final class CaFiles {

    /** The root certificate. */
    public static final String ROOT = "root.pem";
    /** The root's private key (0600). */
    public static final String ROOT_KEY = "root-key.pem";
    /** The intermediate certificate. */
    public static final String INTERMEDIATE = "intermediate.pem";
    /** The intermediate's private key (0600). */
    public static final String INTERMEDIATE_KEY = "intermediate-key.pem";
    /** Every root peers should trust; two during a root rotation. */
    public static final String TRUST_BUNDLE = "trust-bundle.pem";
    /** During a root rotation: the new root signed by the old one. */
    public static final String CROSS_SIGNED_ROOT = "cross-signed-root.pem";

    /** Every file {@link #write} may create, in a fixed order (so errors name the same file each time). */
    public static final List<String> ALL =
            List.of(ROOT, ROOT_KEY, INTERMEDIATE, INTERMEDIATE_KEY, TRUST_BUNDLE, CROSS_SIGNED_ROOT);
    private static final Set<String> SECRET = Set.of(ROOT_KEY, INTERMEDIATE_KEY);

    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> WORLD_READABLE = PosixFilePermissions.fromString("rw-r--r--");

    /**
     * Writes {@code files} (name to content) into {@code dir}; names in {@link #ALL} but not in
     * {@code files} are deleted, so a directory never mixes two CAs.
     *
     * @throws FileAlreadyExistsException if a CA file exists and {@code overwrite} is {@code false}
     */
    public static void write(Path dir, Map<String, String> files, boolean overwrite) throws IOException {
        Files.createDirectories(dir);
        if (!overwrite) {
            for (String name : ALL) {
                final Path file = dir.resolve(name);
                if (Files.exists(file)) {
                    throw new FileAlreadyExistsException(file.toString(), null,
                            "exists (expected: an empty CA directory, or overwrite=true / --force to replace it)");
                }
            }
        }
        for (Map.Entry<String, String> e : files.entrySet()) {
            writeAtomically(dir, e.getKey(), e.getValue(), SECRET.contains(e.getKey()));
        }
        for (String name : ALL) {
            if (!files.containsKey(name)) {
                Files.deleteIfExists(dir.resolve(name));
            }
        }
    }

    /** Reads {@code name} from {@code dir}, or returns {@code null} if it is optional and absent. */
    public static String read(Path dir, String name, boolean required) throws IOException {
        final Path file = dir.resolve(name);
        if (!Files.exists(file)) {
            if (required) {
                throw new NoSuchFileException(file.toString(), null,
                        "missing (expected: a CA directory written by CertificateAuthority.save or `certs init`)");
            }
            return null;
        }
        return Files.readString(file, StandardCharsets.US_ASCII);
    }

    private static void writeAtomically(Path dir, String name, String content, boolean secret)
            throws IOException {
        final boolean posix = dir.getFileSystem().supportedFileAttributeViews().contains("posix");
        final FileAttribute<?>[] attributes =
                posix ? new FileAttribute<?>[] {
                        PosixFilePermissions.asFileAttribute(secret ? OWNER_ONLY : WORLD_READABLE) }
                      : new FileAttribute<?>[0];
        final Path tmp = Files.createTempFile(dir, '.' + name, ".tmp", attributes);
        try {
            Files.writeString(tmp, content, StandardCharsets.US_ASCII);
            Files.move(tmp, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING,
                       StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private CaFiles() {}
}
