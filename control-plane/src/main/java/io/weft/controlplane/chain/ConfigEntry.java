package io.weft.controlplane.chain;

import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One Consul config entry of a kind the discovery chain reads, parsed from the JSON Consul serves at
 * {@code /v1/config/<kind>}. Other kinds ({@code service-intentions}, gateways) are not chain entries.
 */
public sealed interface ConfigEntry
        permits ServiceDefaults, ProxyDefaults, ServiceRouter, ServiceSplitter, ServiceResolver {

    String kind();

    String name();

    /**
     * Parses one entry (its {@code Kind} says which).
     *
     * @throws ChainException naming the entry and the field that is wrong, in Consul's words where it has
     *         them
     */
    static ConfigEntry parse(JsonNode json) throws ChainException {
        final EntryJson probe = EntryJson.of(json, "config entry");
        final String kind = probe.text("Kind").toLowerCase(Locale.ROOT);
        final String name = probe.text("Name");
        final EntryJson entry = EntryJson.of(json, kind + " \"" + name + '"');
        if (name.isEmpty()) {
            throw entry.error("Name is required");
        }
        Scope.requireLocal(entry);
        switch (kind) {
            case ServiceDefaults.KIND:
                return ServiceDefaults.read(entry, name);
            case ProxyDefaults.KIND:
                return ProxyDefaults.read(entry, name);
            case ServiceRouter.KIND:
                return ServiceRouter.read(entry, name);
            case ServiceSplitter.KIND:
                return ServiceSplitter.read(entry, name);
            case ServiceResolver.KIND:
                return ServiceResolver.read(entry, name);
            default:
                throw new ChainException("invalid config entry kind: \"" + kind + "\" (expected: " +
                                         String.join(", ", ServiceDefaults.KIND, ProxyDefaults.KIND,
                                                     ServiceRouter.KIND, ServiceSplitter.KIND,
                                                     ServiceResolver.KIND) + ')');
        }
    }
}
