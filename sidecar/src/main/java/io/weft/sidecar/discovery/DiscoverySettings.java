package io.weft.sidecar.discovery;

import java.time.Duration;
import java.util.List;

/** What the stream client needs from the config: who we are and where the control plane is. */
public record DiscoverySettings(String address, String service, String instanceId, String token,
                                List<String> upstreams, Duration keepaliveInterval, String version) {
    public DiscoverySettings {
        upstreams = List.copyOf(upstreams);
    }
}
