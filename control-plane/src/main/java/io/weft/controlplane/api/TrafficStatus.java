package io.weft.controlplane.api;

import java.util.List;

import io.weft.controlplane.traffic.EdgeStats;

/**
 * The {@code /api/v1/traffic} document: every source -> destination edge with requests in the last
 * {@code windowSeconds}, as the destinations' sidecars reported them every {@code intervalSeconds}.
 * {@code ./weft stat} and the dashboard read it by these names.
 */
public record TrafficStatus(String generatedAt, long windowSeconds, double intervalSeconds, List<EdgeStats> edges) {}
