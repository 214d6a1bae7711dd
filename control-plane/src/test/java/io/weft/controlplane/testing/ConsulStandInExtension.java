package io.weft.controlplane.testing;

import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

import com.ecwid.consul.v1.ConsulClient;
import com.ecwid.consul.v1.agent.model.NewService;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpStatus;

import io.weft.common.annotation.Nullable;
import io.weft.devmesh.consul.ConsulStandIn;
import io.weft.devmesh.consul.ConsulStandInBuilder;

/**
 * The Consul HTTP API stand-in on port 0, with what tests do to it the way users do: register instances
 * (through consul-api, as a sidecar does) and create intentions (as {@code consul intention create} does).
 */
public final class ConsulStandInExtension extends AllOrEachExtension {

    private final UnaryOperator<ConsulStandInBuilder> customizer;
    @Nullable
    private ConsulStandIn standIn;
    @Nullable
    private ConsulClient client;

    /** A stand-in with Consul's defaults. */
    public ConsulStandInExtension() {
        this(UnaryOperator.identity());
    }

    /** A stand-in built by {@code customizer} from a builder on port 0. */
    public ConsulStandInExtension(UnaryOperator<ConsulStandInBuilder> customizer) {
        this.customizer = customizer;
    }

    @Override
    protected void doStart() {
        startOn(0);
    }

    private void startOn(int port) {
        final ConsulStandIn started = customizer.apply(ConsulStandIn.builder()).port(port).start();
        standIn = started;
        client = new ConsulClient("127.0.0.1", started.port());
    }

    public ConsulStandIn standIn() {
        return checkStarted(standIn, "Consul stand-in");
    }

    public URI uri() {
        return standIn().uri();
    }

    public int port() {
        return standIn().port();
    }

    /**
     * Registers a mesh instance ({@code weft-protocol: grpc} plus {@code extraMeta}) with a passing TTL check
     * {@code service:<id>}.
     */
    public void register(String service, String id, int port, Map<String, String> extraMeta) {
        final NewService s = new NewService();
        s.setId(id);
        s.setName(service);
        s.setAddress("127.0.0.1");
        s.setPort(port);
        final Map<String, String> meta = new HashMap<>(Map.of("weft-protocol", "grpc"));
        meta.putAll(extraMeta);
        s.setMeta(meta);
        final NewService.Check check = new NewService.Check();
        check.setTtl("60s");
        check.setStatus("passing");
        s.setCheck(check);
        client().agentServiceRegister(s);
    }

    public void register(String service, String id, int port) {
        register(service, id, port, Map.of());
    }

    public void deregister(String id) {
        client().agentServiceDeregister(id);
    }

    public void failCheck(String id) {
        client().agentCheckFail("service:" + id);
    }

    public void passCheck(String id) {
        client().agentCheckPass("service:" + id);
    }

    /** Creates an intention over the HTTP API, the way {@code consul intention create} does. */
    public void createIntention(String source, String destination, String action) {
        final AggregatedHttpResponse res = WebClient.of(uri()).put(
                "/v1/connect/intentions/exact?source=" + source + "&destination=" + destination,
                HttpData.ofUtf8("{\"Action\":\"" + action + "\"}")).aggregate().join();
        if (!res.status().equals(HttpStatus.OK)) {
            throw new IllegalStateException("creating intention " + source + " -> " + destination + ": " +
                                            res.status() + ' ' + res.contentUtf8());
        }
    }

    /** Stops the stand-in and starts an empty one on the same port (its index starts over). */
    public synchronized void restart() {
        final int port = port();
        standIn().close();
        startOn(port);
    }

    private ConsulClient client() {
        return checkStarted(client, "Consul stand-in");
    }

    @Override
    protected void doClose() {
        final ConsulStandIn s = standIn;
        standIn = null;
        client = null;
        if (s != null) {
            s.close();
        }
    }
}
