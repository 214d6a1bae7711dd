package io.weft.sidecar;

import java.util.LinkedHashMap;
import java.util.Map;

import io.weft.common.annotation.Nullable;

import io.weft.sidecar.config.SidecarConfig;
import io.weft.sidecar.discovery.DiscoveryClient;
import io.weft.sidecar.discovery.IntentionSet;
import io.weft.sidecar.discovery.MeshState;
import io.weft.sidecar.identity.Credentials;
import io.weft.sidecar.routing.Upstreams;
import io.weft.sidecar.transcoding.TranscoderState;

/** Renders the admin {@code /config} view: identity, upstream endpoints, intentions, versions. */
final class ConfigView {

    static Map<String, Object> of(SidecarConfig config, @Nullable Credentials credentials, MeshState state,
                                  Upstreams upstreams, DiscoveryClient discovery,
                                  @Nullable TranscoderState transcoding) {
        final Map<String, Object> out = new LinkedHashMap<>();
        final Map<String, Object> identity = new LinkedHashMap<>();
        identity.put("service", config.service());
        identity.put("instanceId", config.instanceId());
        identity.put("mode", config.mode().name().toLowerCase());
        identity.put("spiffeId", credentials == null ? null : credentials.spiffeId().uri());
        identity.put("certificateVersion", credentials == null ? null : credentials.version());
        out.put("identity", identity);
        final Map<String, Object> controlPlane = new LinkedHashMap<>();
        controlPlane.put("address", config.controlPlaneAddress());
        controlPlane.put("connected", discovery.connected());
        controlPlane.put("connects", discovery.connects());
        controlPlane.put("ackedVersions", discovery.ackedVersions());
        out.put("controlPlane", controlPlane);
        out.put("trustBundleVersion", state.trustBundleVersion());
        out.put("upstreams", upstreams.describe());
        final IntentionSet intentions = state.intentions();
        final Map<String, Object> authz = new LinkedHashMap<>();
        authz.put("version", intentions == null ? null : intentions.version());
        authz.put("rules", intentions == null ? java.util.List.of() : intentions.rules());
        authz.put("controlPlaneDefault", intentions == null ? null : intentions.defaultAllow());
        authz.put("configuredDefault", config.defaultIntentionPolicy().name().toLowerCase());
        out.put("intentions", authz);
        out.put("transcoding", transcoding);
        return out;
    }

    private ConfigView() {}
}
