package io.weft.demo.sum.launch;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Pattern;

import io.weft.common.cli.Durations;

/**
 * Checks of option values beyond their type (picocli and {@link Durations} parse the types). Every
 * failure is an {@link IllegalArgumentException} whose message names the option, the value and what was
 * expected, e.g. {@code "--port: 70000 (expected: an integer in 0..65535)"}.
 */
public final class Values {

    private static final Pattern INSTANCE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");

    /** A TCP port; {@code 0} picks a free one. */
    public static int port(String flag, String raw) {
        try {
            final int port = Integer.parseInt(raw.trim());
            if (port >= 0 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw invalid(flag, raw, "an integer in 0..65535");
    }

    /** {@code port} itself if it is in 0..65535. */
    public static int checkPort(String name, int port) {
        return port(name, Integer.toString(port));
    }

    /** {@code duration} itself if it is positive; an error shows it as a user would type it. */
    public static Duration checkPositive(String name, Duration duration) {
        if (duration.isZero() || duration.isNegative()) {
            throw invalid(name, Durations.format(duration), "> 0");
        }
        return duration;
    }

    /** A host name or IP literal to bind to; a simple syntax check, resolution happens at bind time. */
    public static String host(String flag, String raw) {
        final String host = raw.trim();
        if (host.isEmpty() || !host.matches("[A-Za-z0-9.:%_-]+")) {
            throw invalid(flag, raw, "a host name or IP address, e.g. 127.0.0.1 or 0.0.0.0");
        }
        return host;
    }

    /** An instance id: it travels in an HTTP header, so letters, digits, '.', '_' and '-' only. */
    public static String instanceId(String flag, String raw) {
        if (!INSTANCE_ID.matcher(raw).matches()) {
            throw invalid(flag, raw, "1 to 63 of [A-Za-z0-9._-], starting with a letter or digit");
        }
        return raw;
    }

    /** An absolute {@code http://host:port} URI with no path, query or user info. */
    public static URI httpUri(String flag, String raw) {
        final URI uri;
        try {
            uri = new URI(raw.trim());
        } catch (URISyntaxException e) {
            throw invalid(flag, raw, "a URI such as http://127.0.0.1:15001");
        }
        final String path = uri.getRawPath();
        if (!"http".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null || uri.getRawUserInfo() != null ||
            (path != null && !path.isEmpty() && !"/".equals(path)) || uri.getRawQuery() != null ||
            uri.getRawFragment() != null) {
            throw invalid(flag, raw, "http://<host>[:<port>] with nothing after the port");
        }
        return uri;
    }

    /** An HTTP {@code :authority}: {@code host} or {@code host:port}. */
    public static String authority(String flag, String raw) {
        final String value = raw.trim();
        if (!value.matches("[A-Za-z0-9.-]+(:\\d{1,5})?")) {
            throw invalid(flag, raw, "host or host:port, e.g. sum");
        }
        return value;
    }

    /**
     * The default instance id: {@code $HOSTNAME} when set (as in containers), else the local host name,
     * else {@code localhost}.
     */
    public static String defaultInstanceId(Map<String, String> env) {
        final String fromEnv = env.get("HOSTNAME");
        if (fromEnv != null && INSTANCE_ID.matcher(fromEnv).matches()) {
            return fromEnv;
        }
        try {
            final String name = InetAddress.getLocalHost().getHostName();
            return INSTANCE_ID.matcher(name).matches() ? name : "localhost";
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }

    private static IllegalArgumentException invalid(String flag, String raw, String expected) {
        return new IllegalArgumentException(flag + ": " + (raw.isEmpty() ? "(empty)" : raw) +
                                            " (expected: " + expected + ')');
    }

    private Values() {}
}
