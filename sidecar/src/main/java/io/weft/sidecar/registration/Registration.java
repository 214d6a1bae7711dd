package io.weft.sidecar.registration;

import java.util.List;
import java.util.Map;

import io.weft.common.consul.ServiceRegistration;
import io.weft.sidecar.config.SidecarConfig;

/**
 * What this instance registers in Consul: its inbound port under the advertised address, tag {@code weft},
 * {@code Meta.weft-protocol}, and an HTTP check on the admin {@code /healthz}.
 */
public final class Registration {

    /** How often Consul probes {@code /healthz}. */
    static final String CHECK_INTERVAL = "2s";

    /** The registration of a running sidecar whose listeners are bound to these ports. */
    public static ServiceRegistration of(SidecarConfig config, int inboundPort, int adminPort) {
        return new ServiceRegistration(
                config.instanceId(), config.service(), config.advertiseAddress(), inboundPort, List.of("weft"),
                Map.of("weft-protocol", config.appProtocol().metaValue()),
                ServiceRegistration.checkUrl(config.admin().bindAddress(), config.advertiseAddress(), adminPort,
                                             "/healthz"),
                CHECK_INTERVAL);
    }

    private Registration() {}
}
