package io.weft.controlplane.api;

import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.file.FileService;

/**
 * The {@code /ui} dashboard: one page, its script and stylesheet, served from this jar (no CDN, no
 * internet). The page reads {@code /api/v1/mesh} and {@code /api/v1/traffic} every two seconds.
 */
public final class Dashboard {
    public static final String PATH = "/ui/";
    private static final String RESOURCES = "io/weft/controlplane/ui";

    private Dashboard() {}

    /** The files under {@link #PATH}; {@code /ui/} is {@code index.html}. */
    public static HttpService files() {
        return FileService.builder(Dashboard.class.getClassLoader(), RESOURCES).build();
    }

    /** {@code /ui} to {@code /ui/}, so the page's relative links resolve. */
    public static HttpService redirect() {
        return (ctx, req) -> HttpResponse.ofRedirect(PATH);
    }
}
