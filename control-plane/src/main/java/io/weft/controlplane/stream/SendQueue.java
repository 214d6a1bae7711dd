package io.weft.controlplane.stream;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import io.weft.protocol.v1.ControlMessage;
import io.weft.protocol.v1.ResourceType;

/**
 * The messages waiting for one sidecar to read: at most one per resource, the latest value winning, so a
 * sidecar that stops reading holds one message per resource and delays nobody. Messages are written only
 * while the transport is ready, oldest resource first; {@link #drain()} resumes when it is ready again.
 *
 * <p>Confined to the stream's event loop, except {@link #size()}.
 */
final class SendQueue {

    /** Told of each resource written (keepalives are not resources). */
    @FunctionalInterface
    interface SentListener {
        /** {@code version} of {@code key} was written, {@code queued} after it was offered. */
        void onSent(ResourceKey key, long version, Duration queued);
    }

    /** A message waiting for the transport, and when it was offered (for the push latency). */
    private record Pending(ControlMessage message, long version, Instant queuedAt) {}

    private final BooleanSupplier ready;
    private final Consumer<ControlMessage> writer;
    private final Clock clock;
    private final SentListener listener;

    private final LinkedHashMap<ResourceKey, Pending> pending = new LinkedHashMap<>();
    private final Map<ResourceKey, Long> lastQueued = new HashMap<>();
    private boolean closed;
    // Read by the status API from other threads.
    private volatile int size;

    /**
     * @param ready whether the transport takes a message now without buffering it
     * @param writer writes one message to the transport; a {@link RuntimeException} from it leaves
     *        {@link #offer} or {@link #drain} and the caller ends the stream
     */
    SendQueue(BooleanSupplier ready, Consumer<ControlMessage> writer, Clock clock, SentListener listener) {
        this.ready = requireNonNull(ready, "ready");
        this.writer = requireNonNull(writer, "writer");
        this.clock = requireNonNull(clock, "clock");
        this.listener = requireNonNull(listener, "listener");
    }

    /**
     * Queues {@code message}, replacing an unsent older value of the same resource, and writes what the
     * transport takes. A version of an endpoints, intentions or trust-bundle resource at or below the last
     * one queued is dropped: a change raced the full state and the newer value is already on its way.
     */
    void offer(ResourceKey key, ControlMessage message, long version) {
        if (closed) {
            return;
        }
        if (key.type() != ResourceType.RESOURCE_TYPE_UNSPECIFIED && key.type() != ResourceType.CERTIFICATE) {
            final Long last = lastQueued.get(key);
            if (last != null && version <= last) {
                return;
            }
            lastQueued.put(key, version);
        }
        pending.put(key, new Pending(message, version, clock.instant()));
        size = pending.size();
        drain();
    }

    /** Writes pending messages while the transport takes them; call again from its on-ready handler. */
    void drain() {
        try {
            while (!closed && !pending.isEmpty() && ready.getAsBoolean()) {
                final Iterator<Map.Entry<ResourceKey, Pending>> it = pending.entrySet().iterator();
                final Map.Entry<ResourceKey, Pending> next = it.next();
                it.remove();
                final Pending p = next.getValue();
                writer.accept(p.message());
                final ResourceKey key = next.getKey();
                if (key.type() != ResourceType.RESOURCE_TYPE_UNSPECIFIED) {
                    listener.onSent(key, p.version(), Duration.between(p.queuedAt(), clock.instant()));
                }
            }
        } finally {
            size = pending.size();
        }
    }

    /** Drops every pending message and refuses new ones: the stream has ended. */
    void close() {
        closed = true;
        pending.clear();
        size = 0;
    }

    /** Messages waiting for the transport; safe from any thread. */
    int size() {
        return size;
    }
}
