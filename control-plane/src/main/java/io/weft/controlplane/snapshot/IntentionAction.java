package io.weft.controlplane.snapshot;

import java.util.Locale;

/** What an intention (or the default) does with a matching call. */
public enum IntentionAction {
    ALLOW,
    DENY;

    /** Parses Consul's lower-case {@code allow}/{@code deny}. */
    public static IntentionAction parse(String value) {
        switch (value.toLowerCase(Locale.ROOT)) {
            case "allow":
                return ALLOW;
            case "deny":
                return DENY;
            default:
                throw new IllegalArgumentException("intention action: " + value + " (expected: allow or deny)");
        }
    }
}
