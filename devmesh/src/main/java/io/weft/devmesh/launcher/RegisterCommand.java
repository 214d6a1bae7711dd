package io.weft.devmesh.launcher;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code register FILE.json}: registers a service definition, in Consul's own JSON format, with the
 * Consul in use ({@code PUT /v1/agent/service/register}), in either spelling
 * {@link ServiceDefinitions} accepts.
 */
@Command(name = "register",
         description = { "Registers a Consul service definition (JSON) with the Consul in use.",
                         "That is the running mesh's Consul, else CONSUL_HTTP_ADDR, else 127.0.0.1:8500." })
public final class RegisterCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Parameters(paramLabel = "FILE.json", description = "a service definition in Consul's JSON format")
    Path file = Path.of("");

    @Mixin
    CommonOptions common = new CommonOptions();

    @Override
    public Integer call() throws IOException, InterruptedException {
        final Terminal t = common.terminal();
        return run(file, consul(t.env(), common.stateDir()), t.out());
    }

    /** The Consul in use: the running mesh's, else CONSUL_HTTP_ADDR, else Consul's default address. */
    static URI consul(Map<String, String> env, Path stateDir) {
        final Optional<RunState> state = RunState.read(stateDir);
        if (state.isPresent() && state.get().launcherAlive()) {
            return state.get().consul();
        }
        final String addr = env.getOrDefault("CONSUL_HTTP_ADDR", "127.0.0.1:8500");
        return ConsulChoice.external("CONSUL_HTTP_ADDR", addr).external().orElseThrow();
    }

    static int run(Path file, URI consul, PrintStream out) throws IOException, InterruptedException {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(
                    "FILE.json: " + file + " does not exist (expected: a Consul service definition JSON file)");
        }
        final JsonNode definition;
        try {
            definition = ServiceDefinitions.toAgentBody(JSON.readTree(Files.readString(file, StandardCharsets.UTF_8)));
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException("FILE.json: " + file + ": " + e.getMessage(), e);
        }
        final URI uri = consul.resolve("/v1/agent/service/register");
        final HttpRequest request = HttpRequest.newBuilder(uri)
                                               .timeout(Duration.ofSeconds(10))
                                               .header("Content-Type", "application/json")
                                               .PUT(HttpRequest.BodyPublishers.ofString(definition.toString()))
                                               .build();
        final HttpResponse<String> response;
        try {
            response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            out.println("register: Consul at " + consul + " is not reachable (" + e + "); is the mesh up?");
            return 1;
        }
        if (response.statusCode() != 200) {
            out.println("register: Consul answered " + response.statusCode() + ": " + response.body().trim());
            return 1;
        }
        out.println("registered " + name(definition) + " with Consul at " + consul);
        return 0;
    }

    private static String name(JsonNode service) {
        return service.path("Name").asText();
    }

    private RegisterCommand() {}
}
