package io.weft.devmesh.consul.catalog;

/** Consul's check status strings. */
public final class HealthStatus {
    public static final String PASSING = "passing";
    public static final String WARNING = "warning";
    public static final String CRITICAL = "critical";

    /** Whether {@code status} is one Consul accepts from clients. */
    public static boolean isValid(String status) {
        return PASSING.equals(status) || WARNING.equals(status) || CRITICAL.equals(status);
    }

    private HealthStatus() {}
}
