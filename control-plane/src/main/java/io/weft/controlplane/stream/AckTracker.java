package io.weft.controlplane.stream;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import javax.annotation.concurrent.ThreadSafe;

/**
 * What one sidecar has of each resource: the version last written to it, the last it ACKed, the last it
 * NACKed and why. Written on the stream's event loop, read by the status API from any thread.
 */
@ThreadSafe
final class AckTracker {

    private final Map<ResourceKey, ResourceVersions> versions = new ConcurrentHashMap<>();

    /** {@code version} of {@code key} was written to the stream. */
    void sent(ResourceKey key, long version) {
        versions.merge(key, ResourceVersions.NONE.withSent(version), (old, n) -> old.withSent(version));
    }

    /** The sidecar applied {@code version}; an older ACK arriving late does not lower the ACKed version. */
    void acked(ResourceKey key, long version) {
        versions.merge(key, ResourceVersions.NONE.withAck(version), (old, n) -> old.withAck(version));
    }

    /** The sidecar rejected {@code version} and keeps what it had. */
    void nacked(ResourceKey key, long version, String error) {
        versions.merge(key, ResourceVersions.NONE.withNack(version, error), (old, n) -> old.withNack(version, error));
    }

    /** Every resource by its status-API name ({@code endpoints/sum}, {@code certificate}), sorted. */
    Map<String, ResourceVersions> byName() {
        final Map<String, ResourceVersions> byName = new TreeMap<>();
        versions.forEach((key, v) -> byName.put(key.toString(), v));
        return byName;
    }
}
