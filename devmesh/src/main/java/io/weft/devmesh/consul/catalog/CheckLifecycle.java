package io.weft.devmesh.consul.catalog;

/**
 * Told about checks that need running. Called after the catalog released its lock, on the thread
 * that made the change; implementations only schedule work and return.
 */
public interface CheckLifecycle {
    CheckLifecycle NONE = new CheckLifecycle() {
        @Override
        public void added(HealthCheck check) {}

        @Override
        public void removed(String checkId) {}

        @Override
        public void ttlUpdated(String checkId) {}
    };

    /** A check with a definition was added or replaced: (re)start probing it. */
    void added(HealthCheck check);

    /** A check was removed: stop probing it. */
    void removed(String checkId);

    /** A TTL check got a pass/warn/fail: restart its TTL. */
    void ttlUpdated(String checkId);
}
