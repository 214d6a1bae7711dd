package io.weft.sidecar.discovery;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * Holds the current {@link MeshState}; updates swap the whole value atomically and then notify the
 * listeners on the updating thread (the discovery stream's thread; listeners must not block).
 *
 * <p>An update and a listener's addition do not interleave: the stream starts before every listener is
 * added, and a listener added meanwhile must not be handed the state before last after the last one.
 */
public final class MeshStateStore {
    private final AtomicReference<MeshState> current = new AtomicReference<>(MeshState.EMPTY);
    private final List<Consumer<MeshState>> listeners = new CopyOnWriteArrayList<>();

    public MeshState current() {
        return current.get();
    }

    public synchronized void update(UnaryOperator<MeshState> change) {
        final MeshState next = current.updateAndGet(change);
        listeners.forEach(l -> l.accept(next));
    }

    /** Adds a listener and calls it once with the current state. */
    public synchronized void addListener(Consumer<MeshState> listener) {
        listeners.add(listener);
        listener.accept(current.get());
    }
}
