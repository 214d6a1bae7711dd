package io.weft.devmesh.consul.checks;

import io.weft.devmesh.consul.catalog.HealthStatus;

/** A probe's status and the output Consul would show for it. */
record ProbeResult(String status, String output) {
    static ProbeResult passing(String output) {
        return new ProbeResult(HealthStatus.PASSING, output);
    }

    static ProbeResult critical(String output) {
        return new ProbeResult(HealthStatus.CRITICAL, output);
    }

    /** Consul keeps at most 4 KiB of check output. */
    static String truncate(String output) {
        return output.length() <= 4096 ? output : output.substring(0, 4096);
    }
}
