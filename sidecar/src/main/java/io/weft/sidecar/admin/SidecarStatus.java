package io.weft.sidecar.admin;

/** What the admin listener reports; implemented by the running sidecar. Methods must not block. */
public interface SidecarStatus {
    /** Serving: certificate and first endpoints received, listeners up, not draining. */
    boolean ready();

    /** Why not ready, for /readyz bodies. */
    String readinessDetail();

    /** /config: identity, endpoints per upstream (with ejection state), intentions, versions. */
    ConfigView configView();

    /** /certs: the chain summary and expiry. */
    CertsView certs();

    /** /quitquitquit: the local app asks the sidecar to end; returns at once, the stop runs elsewhere. */
    void requestQuit();
}
