package io.weft.integration.mesh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.AggregatedHttpResponse;

/** When a freshly started mesh counts as formed: the gateway reaches an app through every route. */
final class MeshRoutes {

    /** One per service, plus hello -> sum east-west. */
    static final List<String> PATHS = List.of("/sum/v1/sum/40/2", "/hello/greet?name=Ada", "/hello/sum?a=1&b=2");

    /**
     * Waits until each path's response carries {@code x-weft-instance}, i.e. the gateway knows the
     * service and a sidecar forwarded to its app (whatever the app then answered).
     */
    static void awaitFormed(URI gateway, Duration timeout) {
        final var client = WebClient.of(gateway.toString()).blocking();
        for (String path : PATHS) {
            await("gateway route " + path).atMost(timeout).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
                final AggregatedHttpResponse response = client.get(path);
                assertThat(response.headers().contains("x-weft-instance"))
                        .as("GET %s -> %s %s", path, response.status(), response.contentUtf8()).isTrue();
            });
        }
    }

    private MeshRoutes() {}
}
