package io.weft.sidecar.registration;

import io.weft.sidecar.config.Listener;
import io.weft.sidecar.config.SidecarConfig;

/**
 * What this instance registers in Consul: its inbound port under the advertised address,
 * {@code Meta.weft-protocol}, and an HTTP check on the admin {@code /healthz}.
 */
public record Registration(String instanceId, String service, String address, int port, String protocol,
                           String healthCheckUrl, String checkInterval) {

    /** How often Consul probes {@code /healthz}. */
    static final String CHECK_INTERVAL = "2s";

    /** The registration of a running sidecar whose listeners are bound to these ports. */
    public static Registration of(SidecarConfig config, int inboundPort, int adminPort) {
        return new Registration(config.instanceId(), config.service(), config.advertiseAddress(), inboundPort,
                                config.appProtocol().metaValue(),
                                healthCheckUrl(config.admin(), config.advertiseAddress(), adminPort), CHECK_INTERVAL);
    }

    /**
     * The URL Consul probes. Consul may run elsewhere (another container), so a wildcard admin bind is
     * reached through the advertised address, a specific bind through that address itself.
     */
    static String healthCheckUrl(Listener admin, String advertiseAddress, int adminPort) {
        final String bind = admin.bindAddress();
        final boolean wildcard = "0.0.0.0".equals(bind) || "::".equals(bind) || "[::]".equals(bind);
        final String host = wildcard ? advertiseAddress : bind;
        final String authority = host.indexOf(':') >= 0 && !host.startsWith("[") ? '[' + host + ']' : host;
        return "http://" + authority + ':' + adminPort + "/healthz";
    }
}
