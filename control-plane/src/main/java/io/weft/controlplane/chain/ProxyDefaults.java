package io.weft.controlplane.chain;

import java.util.Locale;

/**
 * {@code proxy-defaults} (always named {@code global}): what the chain reads of it is
 * {@code Config.protocol}, the protocol of every service without {@code service-defaults}.
 */
public record ProxyDefaults(String name, String protocol) implements ConfigEntry {
    static final String KIND = "proxy-defaults";
    static final String GLOBAL = "global";

    static ProxyDefaults read(EntryJson json, String name) throws ChainException {
        if (!GLOBAL.equals(name)) {
            throw json.error("invalid name \"" + name + "\", only \"global\" is supported");
        }
        final EntryJson config = json.object("Config");
        return new ProxyDefaults(name, config == null ? "" : config.text("protocol").toLowerCase(Locale.ROOT));
    }

    @Override
    public String kind() {
        return KIND;
    }
}
