package io.weft.sidecar.testing;

import java.net.URI;
import java.nio.file.Path;

import io.weft.common.annotation.Nullable;

/** What the fixture needs from a control plane: the fake one or the real one over the Consul stand-in. */
public interface MeshControl extends AutoCloseable {
    /** host:port of the sidecar stream. */
    String address();

    /** The root CA PEM sidecars bootstrap with. */
    Path rootCaFile();

    /** The Consul API sidecars self-register with, or {@code null} when the control plane does not read Consul. */
    @Nullable
    URI consulUri();

    /** Tells the control plane a sidecar instance is up (a no-op when sidecars self-register in Consul). */
    void announce(String service, String instanceId, int inboundPort);

    @Override
    void close();
}
