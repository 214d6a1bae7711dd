package io.weft.sidecar.config;

import static io.weft.sidecar.config.SidecarConfig.Validation.require;

import java.net.URI;

import io.weft.common.annotation.Nullable;

/**
 * What a sidecar tells about its traffic besides metrics.
 *
 * @param traceSampling share of new traces sampled (0..1) when the caller sent no decision
 * @param zipkin the Zipkin server spans go to ({@code http://host:9411}); {@code null}: tracing off
 * @param accessLog {@code off}, {@code stdout} or a file to append JSON lines to
 */
public record Observability(double traceSampling, @Nullable URI zipkin, String accessLog) {
    public Observability {
        require(traceSampling >= 0 && traceSampling <= 1,
                "trace-sampling: " + traceSampling + " (expected: 0..1, e.g. 0.01 for 1 %)");
        require(zipkin == null || ("http".equals(zipkin.getScheme()) || "https".equals(zipkin.getScheme())) &&
                                  zipkin.getHost() != null,
                "zipkin: '" + zipkin + "' (expected: http://host:9411, or empty for no tracing)");
        require(accessLog != null && !accessLog.isBlank(),
                "access-log: '" + accessLog + "' (expected: off, stdout or a file path)");
    }

    public boolean tracing() {
        return zipkin != null;
    }

    public boolean accessLogOn() {
        return !accessLog.equals("off");
    }
}
