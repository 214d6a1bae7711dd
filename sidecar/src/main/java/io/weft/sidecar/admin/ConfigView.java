package io.weft.sidecar.admin;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.weft.common.annotation.Nullable;
import io.weft.sidecar.config.SidecarConfig;
import io.weft.sidecar.discovery.DiscoveryClient;
import io.weft.sidecar.discovery.IntentionRule;
import io.weft.sidecar.discovery.IntentionSet;
import io.weft.sidecar.discovery.MeshState;
import io.weft.sidecar.identity.Credentials;
import io.weft.sidecar.routing.UpstreamView;
import io.weft.sidecar.transcoding.TranscoderState;

/**
 * The admin {@code /config} document: identity, control plane stream, upstream endpoints, intentions and
 * the transcoder, rendered by Jackson in this order. {@code ./weft status}, the bench and tests read it.
 */
public record ConfigView(Identity identity, ControlPlane controlPlane, long trustBundleVersion,
                         Map<String, UpstreamView> upstreams, Intentions intentions,
                         @Nullable TranscoderState transcoding) {

    /** Who this sidecar is; the SPIFFE ID and certificate version are {@code null} before the first certificate. */
    public record Identity(String service, String instanceId, String mode, @Nullable String spiffeId,
                           @Nullable Long certificateVersion) {}

    /**
     * The stream: the replicas as configured, the one the stream is on ({@code null} while there is none),
     * whether it is up, how often it connected, and the last ACKed version per resource.
     */
    public record ControlPlane(String address, @Nullable String replica, boolean connected, long connects,
                               Map<String, Long> ackedVersions) {}

    /** The pushed intentions (empty until they arrive) and both defaults: the control plane's, the flag's. */
    public record Intentions(@Nullable Long version, List<IntentionRule> rules, @Nullable Boolean controlPlaneDefault,
                             String configuredDefault) {}

    public static ConfigView of(SidecarConfig config, @Nullable Credentials credentials, MeshState state,
                                Map<String, UpstreamView> upstreams, DiscoveryClient discovery,
                                @Nullable TranscoderState transcoding) {
        final IntentionSet intentions = state.intentions();
        return new ConfigView(
                new Identity(config.service(), config.instanceId(), lowerCase(config.mode()),
                             credentials == null ? null : credentials.spiffeId().uri(),
                             credentials == null ? null : credentials.version()),
                new ControlPlane(config.controlPlaneAddress(), discovery.replica(), discovery.connected(),
                                 discovery.connects(), discovery.ackedVersions()),
                state.trustBundleVersion(),
                upstreams,
                new Intentions(intentions == null ? null : intentions.version(),
                               intentions == null ? List.of() : intentions.rules(),
                               intentions == null ? null : intentions.defaultAllow(),
                               lowerCase(config.defaultIntentionPolicy())),
                transcoding);
    }

    private static String lowerCase(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }
}
