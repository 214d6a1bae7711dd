package io.weft.devmesh.launcher;

import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.weft.common.annotation.Nullable;

/**
 * The part of the control plane's {@code GET /api/v1/mesh} that {@code status} shows. Fields it does not
 * know are ignored and missing ones are null or empty, so an older or newer control plane still renders;
 * timestamps stay text and are parsed leniently for the same reason.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record MeshDocument(@Nullable Snapshot snapshot, List<Service> services, List<Sidecar> sidecars,
                    @Nullable Intentions intentions, @Nullable Routing routing) {

    private static final ObjectMapper JSON = new ObjectMapper()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    MeshDocument {
        services = orEmpty(services);
        sidecars = orEmpty(sidecars);
    }

    static MeshDocument parse(String json) throws IOException {
        return JSON.readValue(json, MeshDocument.class);
    }

    /** The snapshot the control plane serves. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Snapshot(@Nullable Long version, boolean stale, @Nullable String lastConsulContact) {}

    /** One service with its instances. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Service(@Nullable String name, List<Instance> instances) {
        Service {
            instances = orEmpty(instances);
        }
    }

    /** One instance of a service, as the control plane sees it in Consul. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Instance(@Nullable String id, @Nullable String address, @Nullable Integer port,
                    @Nullable String protocol, @Nullable String health) {}

    /** One connected sidecar's stream. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Sidecar(@Nullable String instanceId, @Nullable String service, @Nullable String connectedAt,
                   @Nullable String certificateNotAfter, Map<String, Resource> resources) {
        Sidecar {
            resources = resources == null ? Map.of() : resources;
        }
    }

    /** The versions of one resource sent to a sidecar and ACKed by it. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Resource(@Nullable Long sent, @Nullable Long acked, @Nullable String nackError) {}

    /** The intentions and the action when none matches. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Intentions(@Nullable String defaultAction, List<Rule> rules) {
        Intentions {
            rules = orEmpty(rules);
        }
    }

    /** One intention: an L4 one has an action, an L7 one its permissions in order (an older control plane, none). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Rule(@Nullable String source, @Nullable String destination, @Nullable String action,
                List<String> permissions) {
        Rule {
            permissions = orEmpty(permissions);
        }
    }

    /** Consul's L7 config entries as the control plane applies them: non-default chains and rejected entries. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Routing(List<Chain> chains, List<RejectedEntry> rejectedEntries) {
        Routing {
            chains = orEmpty(chains);
            rejectedEntries = orEmpty(rejectedEntries);
        }
    }

    /** One service's discovery chain: where a request enters and where it can end, or why it does not compile. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Chain(@Nullable String service, @Nullable String protocol, @Nullable String start, List<String> targets,
                 @Nullable String error) {
        Chain {
            targets = orEmpty(targets);
        }
    }

    /** A config entry the control plane could not read. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record RejectedEntry(@Nullable String kind, @Nullable String name, @Nullable String error) {}

    /** {@code text} as an instant, or empty when absent or not one. */
    static Optional<Instant> instant(@Nullable String text) {
        if (text == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(text));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static <T> List<T> orEmpty(@Nullable List<T> list) {
        return list == null ? List.of() : list;
    }
}
