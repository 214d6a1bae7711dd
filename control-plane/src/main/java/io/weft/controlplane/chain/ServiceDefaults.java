package io.weft.controlplane.chain;

import java.util.Locale;

/** {@code service-defaults}: what the chain reads of it is the service's {@code Protocol}. */
public record ServiceDefaults(String name, String protocol) implements ConfigEntry {
    static final String KIND = "service-defaults";

    static ServiceDefaults read(EntryJson json, String name) throws ChainException {
        return new ServiceDefaults(name, json.text("Protocol").toLowerCase(Locale.ROOT));
    }

    @Override
    public String kind() {
        return KIND;
    }
}
