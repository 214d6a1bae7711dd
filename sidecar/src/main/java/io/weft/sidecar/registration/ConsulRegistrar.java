package io.weft.sidecar.registration;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.ecwid.consul.v1.ConsulClient;
import com.ecwid.consul.v1.agent.model.NewService;

/**
 * Registers this instance in Consul (port = the inbound port, {@code Meta.weft-protocol}, an HTTP
 * check on the admin {@code /healthz}) and deregisters it. consul-api blocks, so every call runs on
 * the blocking executor given here, never on an event loop.
 */
public final class ConsulRegistrar {
    private static final Logger logger = LoggerFactory.getLogger(ConsulRegistrar.class);

    private final ConsulClient consul;
    private final Executor blockingExecutor;

    public ConsulRegistrar(String consulHost, int consulPort, Executor blockingExecutor) {
        consul = new ConsulClient(consulHost, consulPort);
        this.blockingExecutor = blockingExecutor;
    }

    public CompletableFuture<Void> register(Registration r) {
        return CompletableFuture.runAsync(() -> {
            final NewService service = new NewService();
            service.setId(r.instanceId());
            service.setName(r.service());
            service.setAddress(r.address());
            service.setPort(r.port());
            service.setTags(List.of("weft"));
            service.setMeta(Map.of("weft-protocol", r.protocol()));
            final NewService.Check check = new NewService.Check();
            check.setHttp(r.healthCheckUrl());
            check.setInterval(r.checkInterval());
            check.setTimeout("2s");
            check.setDeregisterCriticalServiceAfter("1m");
            service.setCheck(check);
            consul.agentServiceRegister(service);
            logger.info("Registered {} ({}) in Consul at {}:{}", r.instanceId(), r.service(), r.address(), r.port());
        }, blockingExecutor);
    }

    public CompletableFuture<Void> deregister(String instanceId) {
        return CompletableFuture.runAsync(() -> {
            consul.agentServiceDeregister(instanceId);
            logger.info("Deregistered {} from Consul", instanceId);
        }, blockingExecutor);
    }
}
