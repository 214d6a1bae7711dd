package io.weft.sidecar.config;

/** What the inbound side does when no pushed intention matches the caller. */
public enum IntentionPolicy {
    ALLOW,
    DENY
}
