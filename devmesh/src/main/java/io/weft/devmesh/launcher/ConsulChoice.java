package io.weft.devmesh.launcher;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Which Consul {@code ./weft up} uses: one already running ({@code CONSUL_HTTP_ADDR} or
 * {@code --consul http://...}), a real {@code consul agent -dev} it starts (when {@code consul} is on
 * PATH), or the in-repository stand-in it starts.
 *
 * @param kind which of the three
 * @param external the address of an already running Consul (kind EXTERNAL only)
 * @param binary the consul executable (kind REAL only)
 */
public record ConsulChoice(Kind kind, Optional<URI> external, Optional<Path> binary) {

    /** The three ways to get a Consul. */
    public enum Kind { EXTERNAL, REAL, STAND_IN }

    /** The in-repository stand-in, started by the launcher. */
    static ConsulChoice standIn() {
        return new ConsulChoice(Kind.STAND_IN, Optional.empty(), Optional.empty());
    }

    static ConsulChoice decide(String flag, Map<String, String> env, Function<String, Optional<Path>> which) {
        switch (flag) {
            case "standin", "stand-in" -> {
                return standIn();
            }
            case "real" -> {
                final Path binary = which.apply("consul").orElseThrow(() -> new IllegalArgumentException(
                        "--consul real: no `consul` executable on PATH (expected: install Consul, or use "
                        + "--consul standin)"));
                return new ConsulChoice(Kind.REAL, Optional.empty(), Optional.of(binary));
            }
            case "auto" -> {
                final String addr = env.get("CONSUL_HTTP_ADDR");
                if (addr != null && !addr.isBlank()) {
                    return external("CONSUL_HTTP_ADDR", addr);
                }
                final Optional<Path> binary = which.apply("consul");
                return binary.map(b -> new ConsulChoice(Kind.REAL, Optional.empty(), Optional.of(b)))
                             .orElseGet(ConsulChoice::standIn);
            }
            default -> {
                return external("--consul", flag);
            }
        }
    }

    /** Accepts Consul's own forms: {@code host:port} or {@code http(s)://host:port}. */
    static ConsulChoice external(String source, String address) {
        final String withScheme = address.contains("://") ? address : "http://" + address;
        final URI uri;
        try {
            uri = URI.create(withScheme);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(source + ": " + address + " (expected: host:port or http://host:port)");
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException(source + ": " + address + " (expected: host:port or http://host:port)");
        }
        return new ConsulChoice(Kind.EXTERNAL, Optional.of(uri), Optional.empty());
    }

    /** The one line {@code ./weft up} prints about its choice. */
    String describe(URI address) {
        return switch (kind) {
            case EXTERNAL -> "Consul: using the Consul already running at " + address + " (CONSUL_HTTP_ADDR / --consul)";
            case REAL -> "Consul: starting a real `consul agent -dev` (" + binary.orElseThrow() + ") at " + address;
            case STAND_IN -> "Consul: no `consul` on PATH and no CONSUL_HTTP_ADDR, so starting weft's Consul "
                             + "API stand-in at " + address;
        };
    }
}
