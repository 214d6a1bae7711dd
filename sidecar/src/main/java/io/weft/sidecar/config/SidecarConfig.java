package io.weft.sidecar.config;

import static io.weft.sidecar.config.SidecarConfig.Validation.require;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

import io.weft.sidecar.balancing.ClusterPolicy;

import io.weft.common.annotation.Nullable;
import io.weft.sidecar.discovery.ControlPlaneReplicas;

/**
 * The sidecar's whole configuration, immutable and validated when built. Defaults live in one
 * place, {@link SidecarOptions}, which also renders {@code --help}; {@link #builder()} starts from them.
 *
 * @param upstreams the services this sidecar may send traffic to; empty means all of them
 */
public record SidecarConfig(
        Mode mode,
        String service,
        String instanceId,
        String trustDomain,
        String datacenter,
        String controlPlaneAddress,
        Path bootstrapCaFile,
        String token,
        String appHost,
        int appPort,
        AppProtocol appProtocol,
        InboundRelay inboundRelay,
        OutboundRelay outboundRelay,
        Listener inbound,
        Listener outbound,
        Listener admin,
        Listener edge,
        URI consulUri,
        boolean consulRegister,
        String advertiseAddress,
        ServiceLabels labels,
        List<String> upstreams,
        List<String> leastRequestUpstreams,
        int retryReplayLimit,
        IntentionPolicy defaultIntentionPolicy,
        Limits limits,
        int eventLoops,
        Duration shutdownGrace,
        Duration keepaliveInterval,
        Duration reconnectMinBackoff,
        Duration reconnectMaxBackoff,
        Observability observability) {

    public SidecarConfig {
        upstreams = List.copyOf(upstreams);
        leastRequestUpstreams = List.copyOf(leastRequestUpstreams);
    }

    /** A builder holding every documented default of {@link SidecarOptions}. */
    public static Builder builder() {
        return SidecarOptions.defaults();
    }

    /** Mutable builder; {@link #build()} validates everything and names the first bad value. */
    public static final class Builder {
        Mode mode;
        @Nullable String service;
        @Nullable String instanceId;
        String trustDomain;
        String datacenter;
        String controlPlaneAddress;
        @Nullable Path bootstrapCaFile;
        @Nullable String token;
        String appHost;
        int appPort;
        AppProtocol appProtocol;
        InboundRelay inboundRelay;
        OutboundRelay outboundRelay;
        String inboundBind;
        int inboundPort;
        String outboundBind;
        int outboundPort;
        String adminBind;
        int adminPort;
        String edgeBind;
        int edgePort;
        URI consulUri;
        boolean consulRegister;
        String advertiseAddress;
        ServiceLabels labels = ServiceLabels.NONE;
        List<String> upstreams = List.of();
        List<String> leastRequestUpstreams = List.of();
        int retryReplayLimit;
        IntentionPolicy defaultIntentionPolicy;
        long maxRequestBytes;
        int maxHeaderBytes;
        long maxConcurrentStreams;
        Duration requestTimeout;
        Duration connectTimeout;
        Duration idleTimeout;
        int eventLoops;
        Duration shutdownGrace;
        Duration keepaliveInterval;
        Duration reconnectMinBackoff;
        Duration reconnectMaxBackoff;
        double traceSampling;
        @Nullable URI zipkin;
        String accessLog;

        Builder() {}

        public Builder mode(Mode mode) { this.mode = mode; return this; }
        public Builder service(@Nullable String service) { this.service = service; return this; }
        public Builder instanceId(@Nullable String instanceId) { this.instanceId = instanceId; return this; }
        public Builder trustDomain(String trustDomain) { this.trustDomain = trustDomain; return this; }
        public Builder datacenter(String datacenter) { this.datacenter = datacenter; return this; }
        public Builder controlPlaneAddress(String hostPort) { controlPlaneAddress = hostPort; return this; }
        public Builder bootstrapCaFile(@Nullable Path file) { bootstrapCaFile = file; return this; }
        public Builder token(@Nullable String token) { this.token = token; return this; }
        public Builder appHost(String appHost) { this.appHost = appHost; return this; }
        public Builder appPort(int appPort) { this.appPort = appPort; return this; }
        public Builder appProtocol(AppProtocol protocol) { appProtocol = protocol; return this; }
        public Builder inboundRelay(InboundRelay relay) { inboundRelay = relay; return this; }
        public Builder outboundRelay(OutboundRelay relay) { outboundRelay = relay; return this; }
        public Builder inbound(String bind, int port) { inboundBind = bind; inboundPort = port; return this; }
        public Builder inboundPort(int port) { inboundPort = port; return this; }
        public Builder outbound(String bind, int port) { outboundBind = bind; outboundPort = port; return this; }
        public Builder outboundPort(int port) { outboundPort = port; return this; }
        public Builder admin(String bind, int port) { adminBind = bind; adminPort = port; return this; }
        public Builder adminPort(int port) { adminPort = port; return this; }
        public Builder edge(String bind, int port) { edgeBind = bind; edgePort = port; return this; }
        public Builder edgePort(int port) { edgePort = port; return this; }
        public Builder consulUri(URI uri) { consulUri = uri; return this; }
        public Builder consulRegister(boolean register) { consulRegister = register; return this; }
        public Builder advertiseAddress(String address) { advertiseAddress = address; return this; }
        public Builder labels(ServiceLabels labels) { this.labels = labels; return this; }
        public Builder upstreams(List<String> upstreams) { this.upstreams = List.copyOf(upstreams); return this; }
        public Builder leastRequestUpstreams(List<String> services) {
            leastRequestUpstreams = List.copyOf(services);
            return this;
        }
        public Builder defaultIntentionPolicy(IntentionPolicy p) { defaultIntentionPolicy = p; return this; }
        public Builder retryReplayLimit(int bytes) { retryReplayLimit = bytes; return this; }
        public Builder maxRequestBytes(long bytes) { maxRequestBytes = bytes; return this; }
        public Builder maxHeaderBytes(int bytes) { maxHeaderBytes = bytes; return this; }
        public Builder maxConcurrentStreams(long n) { maxConcurrentStreams = n; return this; }
        public Builder requestTimeout(Duration timeout) { requestTimeout = timeout; return this; }
        public Builder connectTimeout(Duration timeout) { connectTimeout = timeout; return this; }
        public Builder idleTimeout(Duration timeout) { idleTimeout = timeout; return this; }
        public Builder eventLoops(int n) { eventLoops = n; return this; }
        public Builder shutdownGrace(Duration grace) { shutdownGrace = grace; return this; }
        public Builder keepaliveInterval(Duration interval) { keepaliveInterval = interval; return this; }
        public Builder reconnectBackoff(Duration min, Duration max) {
            reconnectMinBackoff = min;
            reconnectMaxBackoff = max;
            return this;
        }

        public Builder observability(double sampling, @Nullable URI zipkinUri, String accessLogTarget) {
            traceSampling = sampling;
            zipkin = zipkinUri;
            accessLog = accessLogTarget;
            return this;
        }

        /** Validates and builds; throws {@link IllegalArgumentException} naming the bad value. */
        public SidecarConfig build() {
            require(mode != null, "mode: null (expected: sidecar or gateway)");
            final String svc = mode == Mode.GATEWAY && (service == null || service.isBlank()) ? "gateway"
                                                                                               : service;
            require(svc != null, "service: unset (expected: the service this sidecar fronts, e.g. --service sum)");
            require(svc.matches("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?"),
                    "service: '" + svc + "' (expected: a DNS label such as 'sum')");
            require(controlPlaneAddress != null, "control-plane: unset (expected: consul, or host:port[,host:port...])");
            if (!ControlPlaneReplicas.CONSUL.equals(controlPlaneAddress.strip())) {
                ControlPlaneReplicas.parseList(controlPlaneAddress); // names the entry that is not host:port
            }
            require(bootstrapCaFile != null, "bootstrap-ca-file: unset (expected: the control plane's root CA PEM)");
            require(token != null && !token.isBlank(), "token: unset (expected: the bootstrap token)");
            if (mode == Mode.SIDECAR) {
                require(appPort > 0 && appPort <= 65535, "app-port: " + appPort + " (expected: 1..65535)");
            }
            require(consulUri != null && consulUri.getHost() != null,
                    "consul: '" + consulUri + "' (expected: http://host:port)");
            require(eventLoops >= 1 && eventLoops <= 64, "event-loops: " + eventLoops + " (expected: 1..64)");
            require(shutdownGrace != null && !shutdownGrace.isNegative(),
                    "shutdown-grace: " + shutdownGrace + " (expected: >= 0)");
            require(keepaliveInterval != null && (!keepaliveInterval.isNegative() && !keepaliveInterval.isZero()),
                    "keepalive-interval: " + keepaliveInterval + " (expected: > 0)");
            require(reconnectMinBackoff != null && (!reconnectMinBackoff.isNegative() && !reconnectMinBackoff.isZero()),
                    "reconnect-min-backoff: " + reconnectMinBackoff + " (expected: > 0)");
            require(reconnectMaxBackoff != null && reconnectMaxBackoff.compareTo(reconnectMinBackoff) >= 0,
                    "reconnect-max-backoff: " + reconnectMaxBackoff + " (expected: >= " +
                    reconnectMinBackoff + ')');
            for (String upstream : upstreams) {
                require(upstream.matches("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?"),
                        "upstreams: '" + upstream + "' (expected: service names such as 'sum')");
            }
            require(retryReplayLimit >= 0 && retryReplayLimit <= ClusterPolicy.MAX_REPLAY_LIMIT,
                    "retry-replay-limit: " + retryReplayLimit + " (expected: 0-" + ClusterPolicy.MAX_REPLAY_LIMIT +
                    " bytes)");
            final Listener inboundListener = listener("inbound", inboundBind, inboundPort);
            final String id = instanceId != null && !instanceId.isBlank()
                              ? instanceId : svc + '-' + advertiseAddress + '-' + inboundPort;
            require(trustDomain != null && !trustDomain.isBlank(), "trust-domain: unset (expected: e.g. weft.local)");
            require(datacenter != null && !datacenter.isBlank(), "datacenter: unset (expected: e.g. dc1)");
            return new SidecarConfig(mode, svc, id, trustDomain, datacenter, controlPlaneAddress, bootstrapCaFile, token,
                                     appHost, appPort, Objects.requireNonNull(appProtocol, "appProtocol"),
                                     Objects.requireNonNull(inboundRelay, "inboundRelay"),
                                     Objects.requireNonNull(outboundRelay, "outboundRelay"),
                                     inboundListener, listener("outbound", outboundBind, outboundPort),
                                     listener("admin", adminBind, adminPort), listener("edge", edgeBind, edgePort),
                                     consulUri, consulRegister, advertiseAddress,
                                     Objects.requireNonNull(labels, "labels"), upstreams, leastRequestUpstreams,
                                     retryReplayLimit,
                                     Objects.requireNonNull(defaultIntentionPolicy, "defaultIntentionPolicy"),
                                     new Limits(maxRequestBytes, maxHeaderBytes, maxConcurrentStreams,
                                                requestTimeout, connectTimeout, idleTimeout),
                                     eventLoops, shutdownGrace, keepaliveInterval, reconnectMinBackoff, reconnectMaxBackoff,
                                     new Observability(traceSampling, zipkin, accessLog));
        }

        /** The listener named by {@code --<name>-bind} and {@code --<name>-port}, checked under those names. */
        private static Listener listener(String name, String bind, int port) {
            require(bind != null && !bind.isBlank(),
                    name + "-bind: '" + bind + "' (expected: an IP or host name)");
            require(port >= 0 && port <= 65535, name + "-port: " + port + " (expected: 0..65535)");
            return new Listener(bind, port);
        }
    }

    /** Argument checks shared by the config types. */
    static final class Validation {
        static void require(boolean condition, String message) {
            if (!condition) {
                throw new IllegalArgumentException(message);
            }
        }

        private Validation() {}
    }
}
