package io.weft.sidecar.admin;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;

/**
 * Whether the sidecar serves, and if not, why: the body of {@code /readyz}. Ready once its listeners
 * started ({@code started} completed normally) and until it drains. Never blocks.
 */
public final class Readiness {
    private final CompletableFuture<?> started;
    private final BooleanSupplier hasCertificate;
    private final BooleanSupplier hasTrustBundle;
    private final BooleanSupplier controlPlaneConnected;
    private volatile boolean draining;

    public Readiness(CompletableFuture<?> started, BooleanSupplier hasCertificate, BooleanSupplier hasTrustBundle,
                     BooleanSupplier controlPlaneConnected) {
        this.started = started;
        this.hasCertificate = hasCertificate;
        this.hasTrustBundle = hasTrustBundle;
        this.controlPlaneConnected = controlPlaneConnected;
    }

    /** From now on not ready: the sidecar is shutting down. */
    public void drain() {
        draining = true;
    }

    public boolean ready() {
        return started.isDone() && !started.isCompletedExceptionally() && !draining;
    }

    /** {@code ready}, {@code draining}, or what is still missing, comma-separated. */
    public String detail() {
        if (draining) {
            return "draining";
        }
        if (started.isCompletedExceptionally()) {
            return "failed to start listeners: " + started.handle((s, e) -> String.valueOf(e)).join();
        }
        final List<String> missing = new ArrayList<>();
        if (!hasCertificate.getAsBoolean()) {
            missing.add("no certificate");
        }
        if (!hasTrustBundle.getAsBoolean()) {
            missing.add("no trust bundle");
        }
        if (!controlPlaneConnected.getAsBoolean()) {
            missing.add("control plane not connected");
        }
        if (missing.isEmpty() && !started.isDone()) {
            missing.add("waiting for first endpoints");
        }
        return missing.isEmpty() ? "ready" : String.join(", ", missing);
    }
}
