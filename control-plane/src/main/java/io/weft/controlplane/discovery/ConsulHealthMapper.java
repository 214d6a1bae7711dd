package io.weft.controlplane.discovery;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.ecwid.consul.v1.health.model.Check;
import com.ecwid.consul.v1.health.model.HealthService;

import io.weft.controlplane.snapshot.Health;
import io.weft.controlplane.snapshot.ServiceInstance;

/** Turns Consul health entries into mesh instances: only those whose Meta has {@code weft-protocol}. */
public final class ConsulHealthMapper {

    public static final String META_PROTOCOL = "weft-protocol";
    public static final String META_WEIGHT = "weft-weight";
    public static final String META_ZONE = "weft-zone";
    static final Set<String> PROTOCOLS = Set.of("grpc", "http");

    private static final Logger logger = LoggerFactory.getLogger(ConsulHealthMapper.class);

    private ConsulHealthMapper() {}

    public static List<ServiceInstance> toInstances(List<HealthService> entries) {
        final List<ServiceInstance> instances = new ArrayList<>(entries.size());
        for (HealthService entry : entries) {
            toInstance(entry).ifPresent(instances::add);
        }
        return instances;
    }

    /** The mesh instance of {@code entry}, or empty when it is not one (or is unusable, with a warning). */
    public static Optional<ServiceInstance> toInstance(HealthService entry) {
        final HealthService.Service service = entry.getService();
        if (service == null) {
            return Optional.empty();
        }
        final Map<String, String> meta = service.getMeta() != null ? service.getMeta() : Map.of();
        final String protocol = meta.get(META_PROTOCOL);
        if (protocol == null) {
            return Optional.empty();
        }
        final String id = service.getId();
        if (!PROTOCOLS.contains(protocol)) {
            logger.warn("Ignoring instance {}: Meta {}={} (expected: grpc or http)", id, META_PROTOCOL, protocol);
            return Optional.empty();
        }
        final Integer port = service.getPort();
        if (port == null || port < 1 || port > 65535) {
            logger.warn("Ignoring instance {}: port {} (expected: 1..65535, the sidecar inbound port)", id, port);
            return Optional.empty();
        }
        final String address = address(entry);
        if (address.isEmpty()) {
            logger.warn("Ignoring instance {}: neither the service nor its node has an address", id);
            return Optional.empty();
        }
        return Optional.of(new ServiceInstance(id, address, port, protocol, weight(id, meta.get(META_WEIGHT)),
                                               meta.getOrDefault(META_ZONE, ""), meta, health(entry),
                                               service.getTags() != null ? service.getTags() : List.of()));
    }

    /** The service address, falling back to the node address when the service has none. */
    static String address(HealthService entry) {
        final String serviceAddress = entry.getService().getAddress();
        if (serviceAddress != null && !serviceAddress.isEmpty()) {
            return serviceAddress;
        }
        final HealthService.Node node = entry.getNode();
        return node != null && node.getAddress() != null ? node.getAddress() : "";
    }

    static int weight(String id, String value) {
        if (value == null) {
            return 1;
        }
        try {
            final int weight = Integer.parseInt(value.trim());
            if (weight >= 1) {
                return weight;
            }
        } catch (NumberFormatException ignored) {
            // warned below
        }
        logger.warn("Instance {}: Meta {}={} (expected: an integer >= 1); using 1", id, META_WEIGHT, value);
        return 1;
    }

    static Health health(HealthService entry) {
        Health health = Health.PASSING;
        if (entry.getChecks() != null) {
            for (Check check : entry.getChecks()) {
                if (check.getStatus() != null) {
                    health = health.worst(Health.fromConsul(check.getStatus().name()));
                }
            }
        }
        return health;
    }
}
