package io.weft.controlplane.auth;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads per-service bootstrap tokens: one {@code service=token} per line; blank lines and lines
 * starting with {@code #} are ignored. Blocks on file IO (called once at start-up).
 */
public final class TokenFiles {

    private TokenFiles() {}

    public static Map<String, String> read(Path file) throws IOException {
        return parse(file.toString(), Files.readAllLines(file));
    }

    static Map<String, String> parse(String source, List<String> lines) {
        final Map<String, String> tokens = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            final String line = lines.get(i).trim();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            final int eq = line.indexOf('=');
            final String service = eq < 0 ? "" : line.substring(0, eq).trim();
            final String token = eq < 0 ? "" : line.substring(eq + 1).trim();
            if (service.isEmpty() || token.isEmpty()) {
                throw new IllegalArgumentException(source + ':' + (i + 1) + ": '" + redact(line) +
                                                   "' (expected: service=token)");
            }
            if (tokens.put(service, token) != null) {
                throw new IllegalArgumentException(source + ':' + (i + 1) + ": a second token for " + service +
                                                   " (expected: one line per service)");
            }
        }
        return tokens;
    }

    private static String redact(String line) {
        final int eq = line.indexOf('=');
        return eq < 0 ? (line.length() > 3 ? line.substring(0, 3) + "..." : line) : line.substring(0, eq + 1) + "***";
    }
}
