package io.weft.sidecar.routing;

import java.util.Locale;

import io.weft.common.annotation.Nullable;

/** Turns an {@code :authority}/{@code Host} into a mesh service name: {@code sum}, {@code sum.weft:15001} -> sum. */
public final class Authorities {
    /** The suffix a caller may add to a service name. */
    public static final String MESH_SUFFIX = ".weft";

    /** The service named by {@code authority}, or {@code null} when there is none. */
    @Nullable
    public static String serviceOf(@Nullable String authority) {
        if (authority == null || authority.isBlank()) {
            return null;
        }
        String host = authority.trim().toLowerCase(Locale.ROOT);
        final int at = host.lastIndexOf('@');
        if (at >= 0) {
            host = host.substring(at + 1);
        }
        if (host.startsWith("[")) {
            return null; // an IPv6 literal names no service
        }
        final int colon = host.indexOf(':');
        if (colon >= 0) {
            host = host.substring(0, colon);
        }
        if (host.endsWith(MESH_SUFFIX)) {
            host = host.substring(0, host.length() - MESH_SUFFIX.length());
        }
        return host.isEmpty() ? null : host;
    }

    private Authorities() {}
}
