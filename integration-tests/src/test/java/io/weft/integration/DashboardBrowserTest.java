package io.weft.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.linecorp.armeria.client.BlockingWebClient;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.MediaType;

import io.weft.integration.browser.HeadlessChromium;
import io.weft.integration.mesh.InProcessMesh;

/**
 * The control plane's {@code /ui} in a real headless Chromium, against the whole mesh in this JVM: the page
 * draws the services and the edges traffic took, with live rates, shows an instance going critical and a
 * service registered while it is open, and the sidecars' certificates; a screenshot lands in
 * {@code target/dashboard.png}.
 */
class DashboardBrowserTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration PAGE_TIMEOUT = Duration.ofSeconds(20);

    @RegisterExtension
    static final HeadlessChromium browser = new HeadlessChromium();

    private static InProcessMesh mesh;

    @BeforeAll
    static void startMesh() throws Exception {
        mesh = InProcessMesh.start(Duration.ofHours(1));
    }

    @AfterAll
    static void stopMesh() {
        if (mesh != null) {
            mesh.close();
        }
    }

    @Test
    void theDashboardShowsTheMeshAndFollowsItsChanges() throws Exception {
        final BlockingWebClient gateway = WebClient.of(mesh.gateway().toString()).blocking();
        final BlockingWebClient consul = WebClient.of(mesh.consul().toString()).blocking();
        browser.open(mesh.controlPlaneHttp().resolve("/ui/?refresh=500"));

        // Traffic: gateway -> hello -> sum.
        for (int i = 0; i < 30; i++) {
            assertThat(gateway.get("/hello/sum?a=1&b=" + i).status().code()).isEqualTo(200);
        }
        await().atMost(PAGE_TIMEOUT).untilAsserted(() -> {
            assertThat(nodes()).contains("gateway", "hello", "sum");
            final Map<String, JsonNode> edges = edges();
            assertThat(edges).containsKeys("gateway->hello", "hello->sum");
            assertThat(edges.get("hello->sum").get("rps").asDouble()).isPositive();
            assertThat(edges.get("hello->sum").get("successRate").asText()).isEqualTo("1.0000");
            assertThat(edges.get("hello->sum").get("label").asText()).contains("rps").contains("100.0%");
        });
        assertThat(text("#sidecars tbody")).contains("sum-1", "sum-2", "hello-1", "gateway-1", "certificate v");
        assertThat(text("#default-action")).isEqualTo("default: allow");

        // A new service appears, with a subset in its Meta, its TTL check passing...
        register(consul, Map.of("ID", "billing-1", "Name", "billing", "Address", "127.0.0.1", "Port", 9,
                                "Meta", Map.of("weft-protocol", "http", "version", "v2"),
                                "Check", Map.of("TTL", "10m")));
        put(consul, "/v1/agent/check/pass/service:billing-1");
        await().atMost(PAGE_TIMEOUT).untilAsserted(() -> {
            assertThat(nodes()).contains("billing");
            assertThat(health("billing-1")).isEqualTo("passing");
            assertThat(text("tr[data-instance='billing-1']")).contains("version=v2");
        });
        // ...then goes critical: its row and its node say so.
        put(consul, "/v1/agent/check/fail/service:billing-1");
        await().atMost(PAGE_TIMEOUT).untilAsserted(() -> {
            assertThat(health("billing-1")).isEqualTo("critical");
            assertThat(browser.script("return document.querySelector(\"#topology .node[data-name='billing']\")" +
                                      ".dataset.critical").asText()).isEqualTo("true");
        });

        final Path screenshot = browser.screenshot(Path.of("target", "dashboard.png"));
        assertThat(Files.size(screenshot)).isPositive();
    }

    private static List<String> nodes() throws Exception {
        final List<String> names = new ArrayList<>();
        browser.script("return [...document.querySelectorAll('#topology .node')].map(n => n.dataset.name)")
               .forEach(n -> names.add(n.asText()));
        return names;
    }

    /** Each drawn edge by "source->destination": its rps, success rate and label as the page shows them. */
    private static Map<String, JsonNode> edges() throws Exception {
        final JsonNode drawn = browser.script(
                "return [...document.querySelectorAll('#topology .edge')].map(e => ({" +
                "edge: e.dataset.source + '->' + e.dataset.destination, rps: e.dataset.rps," +
                "successRate: e.dataset.successRate, label: e.querySelector('text').textContent}))");
        final Map<String, JsonNode> edges = new HashMap<>();
        drawn.forEach(e -> edges.put(e.get("edge").asText(), e));
        return edges;
    }

    private static String health(String instance) throws Exception {
        return browser.script("const row = document.querySelector(\"tr[data-instance='" + instance + "']\");" +
                              "return row ? row.querySelector('[data-health]').dataset.health : null").asText();
    }

    private static String text(String selector) throws Exception {
        return browser.script("const e = document.querySelector(\"" + selector + "\");" +
                              "return e ? e.textContent : ''").asText();
    }

    private static void register(BlockingWebClient consul, Map<String, Object> body) throws Exception {
        final AggregatedHttpResponse response = consul.prepare().put("/v1/agent/service/register")
                                                      .content(MediaType.JSON, JSON.writeValueAsString(body))
                                                      .execute();
        assertThat(response.status().code()).as(response.contentUtf8()).isEqualTo(200);
    }

    private static void put(BlockingWebClient consul, String path) {
        final AggregatedHttpResponse response = consul.execute(
                HttpRequest.of(HttpMethod.PUT, path));
        assertThat(response.status().code()).as(path + ": " + response.contentUtf8()).isEqualTo(200);
    }
}
