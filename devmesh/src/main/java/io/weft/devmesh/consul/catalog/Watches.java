package io.weft.devmesh.consul.catalog;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** One-shot listeners per {@link Topic}; firing a topic removes and runs its listeners. */
final class Watches {
    private final Map<Topic, Set<Runnable>> listeners = new HashMap<>();

    synchronized Runnable subscribe(Topic topic, Runnable listener) {
        listeners.computeIfAbsent(topic, t -> new LinkedHashSet<>()).add(listener);
        return () -> unsubscribe(topic, listener);
    }

    private synchronized void unsubscribe(Topic topic, Runnable listener) {
        final Set<Runnable> set = listeners.get(topic);
        if (set != null && set.remove(listener) && set.isEmpty()) {
            listeners.remove(topic);
        }
    }

    /** Runs every listener of {@code topics} once, outside any lock. */
    void fire(Collection<Topic> topics) {
        final List<Runnable> toRun = new ArrayList<>();
        synchronized (this) {
            for (Topic topic : topics) {
                final Set<Runnable> set = listeners.remove(topic);
                if (set != null) {
                    toRun.addAll(set);
                }
            }
        }
        toRun.forEach(Runnable::run);
    }

    synchronized int size() {
        return listeners.values().stream().mapToInt(Set::size).sum();
    }
}
