package io.weft.sidecar.admin;

import java.util.Map;

/** What the admin listener reports; implemented by the running sidecar. Methods must not block. */
public interface SidecarStatus {
    /** Serving: certificate and first endpoints received, listeners up, not draining. */
    boolean ready();

    /** Why not ready, for /readyz bodies. */
    String readinessDetail();

    /** /config: identity, endpoints per upstream (with ejection state), intentions, versions. */
    Map<String, Object> configView();

    /** /certs: the chain summary and expiry. */
    Map<String, Object> certs();
}
