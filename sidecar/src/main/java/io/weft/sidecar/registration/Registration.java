package io.weft.sidecar.registration;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.weft.common.consul.ServiceRegistration;
import io.weft.sidecar.config.SidecarConfig;

/**
 * What this instance registers in Consul: its inbound port under the advertised address, tag {@code weft}
 * and {@code Meta.weft-protocol} next to the operator's own tags and {@code Meta} ({@code --service-tags},
 * {@code --service-meta}), and an HTTP check on the admin {@code /healthz}.
 */
public final class Registration {

    /** How often Consul probes {@code /healthz}. */
    static final String CHECK_INTERVAL = "2s";

    /** The registration of a running sidecar whose listeners are bound to these ports. */
    public static ServiceRegistration of(SidecarConfig config, int inboundPort, int adminPort) {
        final List<String> tags = new ArrayList<>(List.of("weft"));
        tags.addAll(config.labels().tags());
        final Map<String, String> meta = new LinkedHashMap<>(config.labels().meta());
        meta.put("weft-protocol", config.appProtocol().metaValue());
        return new ServiceRegistration(
                config.instanceId(), config.service(), config.advertiseAddress(), inboundPort, tags, meta,
                ServiceRegistration.checkUrl(config.admin().bindAddress(), config.advertiseAddress(), adminPort,
                                             "/healthz"),
                CHECK_INTERVAL);
    }

    private Registration() {}
}
