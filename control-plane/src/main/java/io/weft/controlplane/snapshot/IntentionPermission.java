package io.weft.controlplane.snapshot;

import static java.util.Objects.requireNonNull;

import java.util.List;

import io.weft.controlplane.chain.RouteMatch.HeaderMatch;

/**
 * One of an L7 intention's {@code Permissions}: {@code action} when every criterion given holds. At most one
 * of the three paths is set; methods are upper case (empty: any). Read and checked by the intentions watch
 * with Consul's rules, so a value here is one Consul would have accepted.
 */
public record IntentionPermission(IntentionAction action, String pathExact, String pathPrefix, String pathRegex,
                                  List<HeaderMatch> headers, List<String> methods) {

    public IntentionPermission {
        requireNonNull(action, "action");
        requireNonNull(pathExact, "pathExact");
        requireNonNull(pathPrefix, "pathPrefix");
        requireNonNull(pathRegex, "pathRegex");
        headers = List.copyOf(headers);
        methods = List.copyOf(methods);
    }
}
