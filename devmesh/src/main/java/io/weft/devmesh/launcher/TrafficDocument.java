package io.weft.devmesh.launcher;

import java.io.IOException;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.weft.common.annotation.Nullable;

/**
 * The part of the control plane's {@code GET /api/v1/traffic} that {@code stat} shows. Unknown fields are
 * ignored and missing ones are null or empty, so another control plane version still renders.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record TrafficDocument(long windowSeconds, List<Edge> edges) {

    private static final ObjectMapper JSON = new ObjectMapper()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    TrafficDocument {
        edges = edges == null ? List.of() : List.copyOf(edges);
    }

    static TrafficDocument parse(String json) throws IOException {
        return JSON.readValue(json, TrafficDocument.class);
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Edge(String source, String destination, @Nullable Stats total, List<Instance> instances) {
        Edge {
            instances = instances == null ? List.of() : List.copyOf(instances);
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Instance(String instanceId, @Nullable Stats stats) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Stats(long requests, double rps, @Nullable Double successRate, @Nullable Double p50Ms,
                 @Nullable Double p95Ms, @Nullable Double p99Ms) {}
}
