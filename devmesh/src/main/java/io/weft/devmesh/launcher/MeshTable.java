package io.weft.devmesh.launcher;

import java.time.Clock;

import com.fasterxml.jackson.databind.JsonNode;

/** Renders the control plane's {@code /api/v1/mesh} JSON as tables. */
final class MeshTable {

    static String render(JsonNode mesh, Clock clock) {
        return mesh.toPrettyString() + "\n";
    }

    private MeshTable() {}
}
