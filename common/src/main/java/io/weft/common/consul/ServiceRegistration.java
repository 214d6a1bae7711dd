package io.weft.common.consul;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;

/**
 * One service instance as it is registered in the Consul agent: its ID, service name, the address and
 * port Consul hands out, tags, Meta, and the HTTP check Consul runs every {@code checkInterval}.
 */
public record ServiceRegistration(String id, String name, String address, int port, List<String> tags,
                                  Map<String, String> meta, String checkUrl, String checkInterval) {

    public ServiceRegistration {
        requireNonNull(id, "id");
        requireNonNull(name, "name");
        requireNonNull(address, "address");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port: " + port + " (expected: 1-65535)");
        }
        tags = List.copyOf(tags);
        meta = Map.copyOf(meta);
        requireNonNull(checkUrl, "checkUrl");
        requireNonNull(checkInterval, "checkInterval");
    }

    /**
     * The URL Consul probes for {@code path} on a listener bound to {@code bind}:{@code port}. Consul may run
     * elsewhere (another container), so a wildcard bind is reached through the advertised address, a
     * specific bind through that address itself.
     */
    public static String checkUrl(String bind, String advertiseAddress, int port, String path) {
        final boolean wildcard = "0.0.0.0".equals(bind) || "::".equals(bind) || "[::]".equals(bind);
        final String host = wildcard ? advertiseAddress : bind;
        final String authority = host.indexOf(':') >= 0 && !host.startsWith("[") ? '[' + host + ']' : host;
        return "http://" + authority + ':' + port + path;
    }
}
