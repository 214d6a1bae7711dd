package io.weft.controlplane.snapshot;

import java.util.Locale;

/** The aggregated state of an instance's Consul checks: the worst one wins. */
public enum Health {
    PASSING,
    WARNING,
    CRITICAL;

    /** Parses Consul's check status ({@code passing}, {@code warning}, {@code critical}, ...). */
    public static Health fromConsul(String status) {
        switch (status.toLowerCase(Locale.ROOT)) {
            case "passing":
                return PASSING;
            case "warning":
                return WARNING;
            default:
                return CRITICAL;
        }
    }

    public Health worst(Health other) {
        return compareTo(other) >= 0 ? this : other;
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
