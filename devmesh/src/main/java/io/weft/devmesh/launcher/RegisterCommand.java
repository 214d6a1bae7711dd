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

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * {@code register FILE.json}: registers a service definition, in Consul's own JSON format, with the
 * Consul in use ({@code PUT /v1/agent/service/register}), in either spelling
 * {@link ServiceDefinitions} accepts.
 */
final class RegisterCommand {

    private static final ObjectMapper JSON = new ObjectMapper();

    static int run(Path file, URI consul, PrintStream out) throws IOException, InterruptedException {
        if (!Files.isRegularFile(file)) {
            out.println("register: " + file + " does not exist (expected: a Consul service definition JSON file)");
            return 2;
        }
        final JsonNode definition;
        try {
            definition = ServiceDefinitions.toAgentBody(JSON.readTree(Files.readString(file, StandardCharsets.UTF_8)));
        } catch (IOException | IllegalArgumentException e) {
            out.println("register: " + file + ": " + e.getMessage());
            return 2;
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
