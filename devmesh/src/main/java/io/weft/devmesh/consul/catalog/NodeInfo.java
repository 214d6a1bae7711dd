package io.weft.devmesh.consul.catalog;

import static java.util.Objects.requireNonNull;

/** The single agent node of the stand-in (a dev agent is its own server). */
public record NodeInfo(String id, String name, String address, String datacenter) {
    public NodeInfo {
        requireNonNull(id, "id");
        requireNonNull(name, "name");
        requireNonNull(address, "address");
        requireNonNull(datacenter, "datacenter");
        if (name.isBlank()) {
            throw new IllegalArgumentException("node name: \"" + name + "\" (expected: not blank)");
        }
        if (datacenter.isBlank()) {
            throw new IllegalArgumentException("datacenter: \"" + datacenter + "\" (expected: not blank)");
        }
    }
}
