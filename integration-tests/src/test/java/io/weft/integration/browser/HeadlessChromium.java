package io.weft.integration.browser;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.weft.integration.mesh.InProcessMesh;

/**
 * A headless Chromium for one test class, driven over the W3C WebDriver protocol: {@code chromedriver} on a
 * free port, one session with a fixed window size, and the few commands a page test needs (open a URL, run
 * a script that reads the DOM, take a screenshot). The binaries are Debian's {@code chromium} and
 * {@code chromium-driver} ({@code .ci/run} installs them); {@code WEFT_CHROMIUM} and
 * {@code WEFT_CHROMEDRIVER} point elsewhere. When they are missing the test fails saying so: a browser test
 * that skips itself would let the dashboard break unseen.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final HeadlessChromium browser = new HeadlessChromium();
 * ...
 * browser.open(uri);
 * List<String> names = browser.script("return [...document.querySelectorAll('h1')].map(h => h.textContent)");
 * }</pre>
 */
public final class HeadlessChromium implements BeforeAllCallback, AfterAllCallback {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private Path chromium;
    private Path chromedriver;
    private Process driver;
    private URI session;

    /** Fails the class at once when a binary is missing; the browser itself starts with the first page. */
    @Override
    public void beforeAll(ExtensionContext context) {
        chromium = binary("WEFT_CHROMIUM", "/usr/bin/chromium", "chromium");
        chromedriver = binary("WEFT_CHROMEDRIVER", "/usr/bin/chromedriver", "chromium-driver");
    }

    /**
     * Started late, after the servers under test bound their ports: Chromium opens sockets of its own and
     * should not take a port a fixture picked as free a moment before.
     */
    private void startBrowser() throws IOException, InterruptedException {
        final int port = InProcessMesh.freePort();
        final Path log = Files.createDirectories(Path.of("target")).resolve("chromedriver.log");
        driver = new ProcessBuilder(chromedriver.toString(), "--port=" + port, "--allowed-ips=127.0.0.1")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        final URI base = URI.create("http://127.0.0.1:" + port);
        awaitReady(base, log);
        final Map<String, Object> capabilities = Map.of("capabilities", Map.of("alwaysMatch", Map.of(
                "browserName", "chrome",
                "goog:chromeOptions", Map.of(
                        "binary", chromium.toString(),
                        "args", List.of("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                                        "--window-size=1400,1100", "--no-first-run", "--disable-extensions")))));
        final JsonNode created = call("POST", base.resolve("/session"), capabilities);
        session = base.resolve("/session/" + created.get("sessionId").asText());
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        try {
            if (session != null) {
                call("DELETE", session, null);
            }
        } finally {
            if (driver != null) {
                // Normally gone with the session; a browser left by a failed DELETE must not outlive the test.
                driver.descendants().forEach(ProcessHandle::destroy);
                driver.destroy();
                if (!driver.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                    driver.destroyForcibly().waitFor();
                }
            }
        }
    }

    /** Loads {@code uri} and returns once the page's load event fired. */
    public void open(URI uri) throws IOException, InterruptedException {
        if (session == null) {
            startBrowser();
        }
        call("POST", command("url"), Map.of("url", uri.toString()));
    }

    /** Runs {@code body} (a function body: end with {@code return ...}) in the page; its JSON result. */
    public JsonNode script(String body) throws IOException, InterruptedException {
        return call("POST", command("execute/sync"), Map.of("script", body, "args", List.of()));
    }

    /** Saves a PNG of the window to {@code file}. */
    public Path screenshot(Path file) throws IOException, InterruptedException {
        final JsonNode png = call("GET", command("screenshot"), null);
        Files.createDirectories(file.toAbsolutePath().getParent());
        return Files.write(file, Base64.getDecoder().decode(png.asText()));
    }

    private URI command(String name) {
        return URI.create(session + "/" + name);
    }

    private JsonNode call(String method, URI uri, Object body) throws IOException, InterruptedException {
        final HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60))
                                                       .header("content-type", "application/json");
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                                            : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        final HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        final JsonNode json = JSON.readTree(response.body());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("WebDriver " + method + ' ' + uri + " answered " + response.statusCode() +
                                            ": " + json.path("value").path("message").asText(response.body()));
        }
        return json.get("value");
    }

    private void awaitReady(URI base, Path log) throws IOException {
        try {
            await().atMost(START_TIMEOUT).pollInterval(Duration.ofMillis(100)).until(() -> {
                if (!driver.isAlive()) {
                    throw new IllegalStateException("chromedriver exited with " + driver.exitValue());
                }
                try {
                    return call("GET", base.resolve("/status"), null).path("ready").asBoolean();
                } catch (IOException e) {
                    return false; // not listening yet
                }
            });
        } catch (RuntimeException e) {
            throw new IllegalStateException("chromedriver did not become ready within " + START_TIMEOUT + " (" +
                                            e.getMessage() + "); its log: " + Files.readString(log), e);
        }
    }

    private static Path binary(String variable, String standard, String debianPackage) {
        final String configured = System.getenv(variable);
        final Path path = Path.of(configured != null && !configured.isBlank() ? configured : standard);
        if (!Files.isExecutable(path)) {
            throw new IllegalStateException(
                    path + " not found or not executable: the dashboard's browser test needs Debian's '" +
                    debianPackage + "' package (apt-get install chromium chromium-driver; .ci/run installs " +
                    "them), or " + variable + " set to the binary");
        }
        return path;
    }
}
