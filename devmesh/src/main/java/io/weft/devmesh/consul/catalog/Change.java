package io.weft.devmesh.consul.catalog;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What one write did, collected under the registry's lock and acted on after it is released: the
 * topics whose blocking queries must wake, and the checks to start and stop probing.
 */
final class Change {
    final Set<Topic> touched = new HashSet<>();
    final List<HealthCheck> started = new ArrayList<>();
    final List<String> stopped = new ArrayList<>();
}
