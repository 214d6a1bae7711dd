package io.weft.controlplane;

import java.util.List;
import java.util.Map;

import io.weft.common.consul.ServiceRegistration;

/**
 * What a control-plane replica registers in Consul: service {@code weft-control-plane} at the advertised
 * address with the stream port as the service port, {@code Meta.weft-http-port}, and an HTTP check on
 * {@code /readyz} (so sidecars find only replicas with a first snapshot). It carries no
 * {@code weft-protocol}, so it never enters the mesh snapshot itself.
 */
public final class ReplicaRegistration {

    /** The Meta key of the replica's HTTP port (status API, {@code /metrics}). */
    public static final String META_HTTP_PORT = "weft-http-port";
    /** How often Consul probes {@code /readyz}. */
    static final String CHECK_INTERVAL = "2s";

    /** The registration of a replica whose ports are bound to these. */
    public static ServiceRegistration of(ControlPlaneConfig config, int streamPort, int httpPort) {
        final String id = config.replicaId().isEmpty()
                          ? ControlPlaneConfig.CONTROL_PLANE_SERVICE + '-' + config.advertiseAddress() + '-' + streamPort
                          : config.replicaId();
        return new ServiceRegistration(
                id, ControlPlaneConfig.CONTROL_PLANE_SERVICE, config.advertiseAddress(), streamPort, List.of("weft"),
                Map.of(META_HTTP_PORT, Integer.toString(httpPort)),
                ServiceRegistration.checkUrl(config.bindAddress(), config.advertiseAddress(), httpPort, "/readyz"),
                CHECK_INTERVAL);
    }

    private ReplicaRegistration() {}
}
