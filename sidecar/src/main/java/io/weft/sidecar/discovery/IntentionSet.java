package io.weft.sidecar.discovery;

import java.util.List;
import java.util.Optional;

import io.weft.common.annotation.Nullable;

/**
 * The intentions protecting this sidecar's service, highest precedence first.
 *
 * @param defaultAllow what the control plane says applies when nothing matches; {@code null} when it
 *                     left that to the sidecar's configured default policy
 */
public record IntentionSet(long version, List<IntentionRule> rules, @Nullable Boolean defaultAllow) {
    public IntentionSet {
        rules = List.copyOf(rules);
    }

    /** The first rule matching {@code caller}, by precedence. */
    public Optional<IntentionRule> firstMatch(String caller) {
        return rules.stream().filter(r -> r.matches(caller)).findFirst();
    }
}
