package io.weft.common.consul;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.linecorp.armeria.client.ClientFactory;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;

/**
 * Registers an instance with the Consul agent and deregisters it, through Consul's HTTP API:
 * {@code PUT /v1/agent/service/register} with a service definition (address, port, tags, Meta and an
 * HTTP check, see {@link ServiceRegistration}) and {@code PUT /v1/agent/service/deregister/<id>}.
 *
 * <p>The calls go out on the caller's own Armeria client (its event loop; nothing blocks) instead of a
 * Consul client library: two calls per lifetime did not justify a second HTTP stack in every sidecar
 * (consul-api brought Apache HttpClient and Gson, ~500 classes, resident for the process's life).
 */
public final class ConsulRegistrar {
    private static final Logger logger = LoggerFactory.getLogger(ConsulRegistrar.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    public static final String REGISTER_PATH = "/v1/agent/service/register";
    public static final String DEREGISTER_PATH = "/v1/agent/service/deregister/";
    public static final String SERVICE_PATH = "/v1/agent/service/";
    /** How long one call may take; a failed registration is retried by {@link SelfRegistration}. */
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    /** Consul drops an instance whose check stayed critical this long (a sidecar killed without deregistering). */
    static final String DEREGISTER_CRITICAL_AFTER = "1m";
    /** How long Consul waits for the check URL to answer. */
    static final String CHECK_TIMEOUT = "2s";

    private final URI consulUri;
    private final WebClient consul;

    /** Calls the Consul agent at {@code consulUri} ({@code http://host:port}) with {@code factory}'s event loops. */
    public ConsulRegistrar(URI consulUri, ClientFactory factory) {
        this.consulUri = requireNonNull(consulUri, "consulUri");
        consul = WebClient.builder(consulUri).factory(requireNonNull(factory, "factory"))
                          .responseTimeout(TIMEOUT)
                          .build();
    }

    /** Completes when Consul accepted the registration; fails naming Consul's answer otherwise. */
    public CompletableFuture<Void> register(ServiceRegistration r) {
        return put(REGISTER_PATH, serviceDefinition(r)).thenRun(() -> logger.info(
                "Registered {} ({}) in Consul at {}:{}", r.id(), r.name(), r.address(), r.port()));
    }

    /** Completes when Consul removed the instance; fails naming Consul's answer otherwise. */
    public CompletableFuture<Void> deregister(String instanceId) {
        final String path = DEREGISTER_PATH + URLEncoder.encode(instanceId, StandardCharsets.UTF_8).replace("+", "%20");
        return put(path, "").thenRun(() -> logger.info("Deregistered {} from Consul", instanceId));
    }

    /**
     * Whether the agent still lists {@code instanceId} ({@code GET /v1/agent/service/<id>}: 200 yes, 404 no);
     * fails naming Consul's answer on anything else.
     */
    public CompletableFuture<Boolean> isRegistered(String instanceId) {
        final String path = SERVICE_PATH + URLEncoder.encode(instanceId, StandardCharsets.UTF_8).replace("+", "%20");
        return consul.get(path).aggregate().thenApply(response -> {
            if (response.status().equals(HttpStatus.NOT_FOUND)) {
                return false;
            }
            if (!response.status().equals(HttpStatus.OK)) {
                throw new IllegalStateException("GET " + consulUri.resolve(path) + ": Consul answered "
                                                + response.status() + " (expected: 200 OK or 404 Not Found)");
            }
            return true;
        });
    }

    /** The JSON body of {@code PUT /v1/agent/service/register}, in Consul's field names. */
    public static String serviceDefinition(ServiceRegistration r) {
        final ObjectNode service = JSON.createObjectNode();
        service.put("ID", r.id());
        service.put("Name", r.name());
        r.tags().forEach(service.putArray("Tags")::add);
        service.put("Address", r.address());
        service.put("Port", r.port());
        final ObjectNode meta = service.putObject("Meta");
        new TreeMap<>(r.meta()).forEach(meta::put);
        service.putObject("Check")
               .put("HTTP", r.checkUrl())
               .put("Interval", r.checkInterval())
               .put("Timeout", CHECK_TIMEOUT)
               .put("DeregisterCriticalServiceAfter", DEREGISTER_CRITICAL_AFTER);
        return service.toString();
    }

    private CompletableFuture<Void> put(String path, String body) {
        return consul.prepare().put(path).content(MediaType.JSON_UTF_8, body).execute().aggregate()
                     .thenAccept(response -> requireOk(response, path));
    }

    private void requireOk(AggregatedHttpResponse response, String path) {
        if (!response.status().equals(HttpStatus.OK)) {
            throw new IllegalStateException("PUT " + consulUri.resolve(path) + ": Consul answered "
                                            + response.status() + ' ' + response.contentUtf8().strip()
                                            + " (expected: 200 OK)");
        }
    }
}
