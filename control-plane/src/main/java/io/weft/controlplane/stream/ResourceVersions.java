package io.weft.controlplane.stream;

import io.weft.common.annotation.Nullable;

/**
 * What one sidecar has of one resource: the last version written to it, the last it ACKed, the last it
 * NACKed and why (0 / null when none).
 */
public record ResourceVersions(long sent, long acked, long nacked, @Nullable String nackError) {

    static final ResourceVersions NONE = new ResourceVersions(0, 0, 0, null);

    ResourceVersions withSent(long version) {
        return new ResourceVersions(version, acked, nacked, nackError);
    }

    ResourceVersions withAck(long version) {
        return new ResourceVersions(sent, Math.max(acked, version), nacked, nackError);
    }

    ResourceVersions withNack(long version, String error) {
        return new ResourceVersions(sent, acked, version, error);
    }
}
