package io.weft.integration.mesh;

import java.net.URI;

/** A running weft mesh (sum-1, sum-2, hello-1, each with its sidecar, and a gateway) the scenarios drive. */
public interface RunningMesh extends AutoCloseable {

    /** The gateway's edge listener, e.g. {@code http://127.0.0.1:8080}. */
    URI gateway();

    /** The Consul HTTP API the mesh uses. */
    URI consul();

    /** The control plane's HTTP side: {@code /api/v1/mesh}, {@code /readyz}. */
    URI controlPlaneHttp();

    /** Stops the control plane and starts it again on the same address, CA and Consul. */
    void restartControlPlane() throws Exception;

    /**
     * Starts a {@code hello} app with a sidecar for service {@code service} that does NOT register
     * itself: the test registers it through Consul's HTTP API with the returned address and port.
     */
    ExtraInstance startUnregistered(String service, String instanceId) throws Exception;

    /** How many times the named sidecar ({@code sum-1}, {@code gateway} ...) replaced its certificate. */
    long certificateRotations(String sidecar) throws Exception;

    /** An app + sidecar pair started by {@link #startUnregistered}. */
    interface ExtraInstance extends AutoCloseable {
        /** The address to register in Consul (reachable by the other sidecars). */
        String address();

        /** The sidecar's inbound (mTLS) port, the one to register. */
        int inboundPort();

        /**
         * The sidecar's {@code /healthz} as Consul reaches it: the check to register, so that Consul routes
         * to the instance only once its app accepts connections.
         */
        URI healthCheck();
    }
}
