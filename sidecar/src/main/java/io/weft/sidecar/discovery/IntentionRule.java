package io.weft.sidecar.discovery;

/** One authorization rule: may {@code source} (a service or "*") call this sidecar's service. */
public record IntentionRule(String source, boolean allow, int precedence) {
    public boolean matches(String caller) {
        return "*".equals(source) || source.equals(caller);
    }
}
