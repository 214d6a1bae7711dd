package io.weft.controlplane.snapshot;

import static java.util.Objects.requireNonNull;

import java.util.List;

/** The roots sidecars trust, as PEM; more than one during a root rotation. */
public record TrustRoots(String trustDomain, List<String> rootsPem) {

    public static final TrustRoots EMPTY = new TrustRoots("", List.of());

    public TrustRoots {
        requireNonNull(trustDomain, "trustDomain");
        rootsPem = List.copyOf(rootsPem);
    }
}
