package io.weft.devmesh.consul.catalog;

/** Go's {@code %q} for the error texts Consul builds with it. */
public final class GoStrings {
    /** Quotes {@code s} the way Go's {@code fmt.Sprintf("%q", s)} does for printable text. */
    public static String quote(String s) {
        final StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            final char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\t' -> b.append("\\t");
                case '\r' -> b.append("\\r");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\x%02x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }

    private GoStrings() {}
}
