package io.weft.controlplane;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.weft.common.annotation.Nullable;

import io.weft.certs.CertificateAuthority;
import io.weft.controlplane.config.ControlPlaneOptions;
import io.weft.controlplane.snapshot.IntentionAction;

/**
 * Everything a {@link ControlPlane} needs, immutable and validated when built.
 * Flags and environment variables are turned into one of these in {@link ControlPlaneOptions}.
 *
 * <p>Defaults are those of the command line: {@link #builder()} starts from {@link ControlPlaneOptions}'
 * declared defaults (see {@code --help}), so they are written there only. The one setting without a flag,
 * the Consul error backoff, is below. There is no default bootstrap token: at least one must be given.
 */
public final class ControlPlaneConfig {

    /** The SPIFFE service name of the control plane's own server certificate. */
    public static final String CONTROL_PLANE_SERVICE = "weft-control-plane";

    private final URI consulUri;
    private final String trustDomain;
    private final String datacenter;
    private final Path caDir;
    private final int streamPort;
    private final int httpPort;
    private final String bindAddress;
    private final String advertiseAddress;
    private final String replicaId;
    private final boolean consulRegister;
    private final Duration leafTtl;
    @Nullable
    private final String bootstrapToken;
    private final Map<String, String> bootstrapTokens;
    private final IntentionAction defaultIntention;
    private final Duration consulWait;
    private final Duration consulMinInterval;
    private final Duration consulBackoffInitial;
    private final Duration consulBackoffMax;
    private final Duration keepaliveInterval;
    private final Duration trafficInterval;
    private final Duration shutdownGrace;
    private final List<String> serverDnsNames;
    @Nullable
    private final String consulToken;

    private ControlPlaneConfig(Builder b) {
        consulUri = b.consulUri;
        trustDomain = b.trustDomain;
        datacenter = b.datacenter;
        caDir = b.caDir;
        streamPort = b.streamPort;
        httpPort = b.httpPort;
        bindAddress = b.bindAddress;
        advertiseAddress = b.advertiseAddress;
        replicaId = b.replicaId;
        consulRegister = b.consulRegister;
        leafTtl = b.leafTtl;
        bootstrapToken = b.bootstrapToken;
        bootstrapTokens = Map.copyOf(b.bootstrapTokens);
        defaultIntention = b.defaultIntention;
        consulWait = b.consulWait;
        consulMinInterval = b.consulMinInterval;
        consulBackoffInitial = b.consulBackoffInitial;
        consulBackoffMax = b.consulBackoffMax;
        keepaliveInterval = b.keepaliveInterval;
        trafficInterval = b.trafficInterval;
        shutdownGrace = b.shutdownGrace;
        serverDnsNames = List.copyOf(b.serverDnsNames);
        consulToken = b.consulToken;
    }

    public static Builder builder() {
        return new Builder();
    }

    public URI consulUri() { return consulUri; }
    public String trustDomain() { return trustDomain; }
    public String datacenter() { return datacenter; }
    public Path caDir() { return caDir; }
    /** 0 means "any free port"; {@link ControlPlane#streamPort()} tells the bound one. */
    public int streamPort() { return streamPort; }
    public int httpPort() { return httpPort; }
    public String bindAddress() { return bindAddress; }
    /** The address this replica registers in Consul: sidecars dial it, Consul checks {@code /readyz} on it. */
    public String advertiseAddress() { return advertiseAddress; }
    /** This replica's Consul service ID; empty means {@code weft-control-plane-<address>-<bound stream port>}. */
    public String replicaId() { return replicaId; }
    /** Whether this replica registers itself in Consul as {@link #CONTROL_PLANE_SERVICE}. */
    public boolean consulRegister() { return consulRegister; }
    public Duration leafTtl() { return leafTtl; }
    /** The token every sidecar may use, or {@code null} when only per-service tokens are accepted. */
    @Nullable
    public String bootstrapToken() { return bootstrapToken; }
    /** Per-service tokens (service name to token); checked before the shared token. */
    public Map<String, String> bootstrapTokens() { return bootstrapTokens; }
    /** What applies to a call no intention matches. */
    public IntentionAction defaultIntention() { return defaultIntention; }
    /** The {@code wait} of Consul blocking queries; below consul-api's 10-minute read timeout. */
    public Duration consulWait() { return consulWait; }
    /** The least time between the starts of two queries of one watch (the rate limit). */
    public Duration consulMinInterval() { return consulMinInterval; }
    public Duration consulBackoffInitial() { return consulBackoffInitial; }
    public Duration consulBackoffMax() { return consulBackoffMax; }
    /** How often each side sends Keepalive; a sidecar silent for three intervals is dropped. */
    public Duration keepaliveInterval() { return keepaliveInterval; }
    /** How often sidecars send their traffic summaries ({@code /api/v1/traffic}). */
    public Duration trafficInterval() { return trafficInterval; }
    /** How long {@link ControlPlane#close()} lets streams and requests finish. */
    public Duration shutdownGrace() { return shutdownGrace; }
    /**
     * DNS names in the stream's server certificate besides {@code localhost} (which is always there, with
     * IP 127.0.0.1 and the control plane's SPIFFE ID): the names sidecars dial, e.g. {@code control-plane}.
     */
    public List<String> serverDnsNames() { return serverDnsNames; }
    /** The Consul ACL token sent with every query, or {@code null} when Consul runs without ACLs. */
    @Nullable
    public String consulToken() { return consulToken; }

    public Builder toBuilder() {
        final Builder b = new Builder();
        b.consulUri = consulUri;
        b.trustDomain = trustDomain;
        b.datacenter = datacenter;
        b.caDir = caDir;
        b.streamPort = streamPort;
        b.httpPort = httpPort;
        b.bindAddress = bindAddress;
        b.advertiseAddress = advertiseAddress;
        b.replicaId = replicaId;
        b.consulRegister = consulRegister;
        b.leafTtl = leafTtl;
        b.bootstrapToken = bootstrapToken;
        b.bootstrapTokens.putAll(bootstrapTokens);
        b.defaultIntention = defaultIntention;
        b.consulWait = consulWait;
        b.consulMinInterval = consulMinInterval;
        b.consulBackoffInitial = consulBackoffInitial;
        b.consulBackoffMax = consulBackoffMax;
        b.keepaliveInterval = keepaliveInterval;
        b.trafficInterval = trafficInterval;
        b.shutdownGrace = shutdownGrace;
        b.serverDnsNames.addAll(serverDnsNames);
        b.consulToken = consulToken;
        return b;
    }

    @Override
    public String toString() {
        return "ControlPlaneConfig{consul=" + consulUri + ", trustDomain=" + trustDomain +
               ", datacenter=" + datacenter + ", caDir=" + caDir + ", streamPort=" + streamPort +
               ", httpPort=" + httpPort + ", bind=" + bindAddress + ", advertise=" + advertiseAddress +
               ", replicaId=" + replicaId + ", consulRegister=" + consulRegister + ", leafTtl=" + leafTtl +
               ", sharedToken=" + (bootstrapToken != null ? "<set>" : "<none>") +
               ", serviceTokens=" + bootstrapTokens.keySet() + ", defaultIntention=" + defaultIntention +
               ", consulWait=" + consulWait + ", keepalive=" + keepaliveInterval + '}';
    }

    /** Builds a {@link ControlPlaneConfig}; {@link #build()} validates every value. */
    public static final class Builder {
        // Filled by ControlPlaneOptions.applyDefaults in the constructor.
        private URI consulUri;
        private String trustDomain;
        private String datacenter;
        private Path caDir;
        private int streamPort;
        private int httpPort;
        private String bindAddress;
        private String advertiseAddress;
        private String replicaId;
        private boolean consulRegister;
        private Duration leafTtl;
        @Nullable
        private String bootstrapToken;
        private final Map<String, String> bootstrapTokens = new TreeMap<>();
        private IntentionAction defaultIntention;
        private Duration consulWait;
        private Duration consulMinInterval;
        // Not a flag: the n-th consecutive failed Consul query waits 50-100% of min(max, initial * 2^(n-1)).
        private Duration consulBackoffInitial = Duration.ofSeconds(1);
        private Duration consulBackoffMax = Duration.ofSeconds(30);
        private Duration keepaliveInterval;
        private Duration trafficInterval;
        private Duration shutdownGrace;
        private final List<String> serverDnsNames = new ArrayList<>();
        @Nullable
        private String consulToken;

        private Builder() {
            ControlPlaneOptions.applyDefaults(this);
        }

        public Builder consulUri(URI consulUri) {
            this.consulUri = requireNonNull(consulUri, "consulUri");
            return this;
        }

        public Builder consulUri(String consulUri) {
            requireNonNull(consulUri, "consulUri");
            try {
                return consulUri(URI.create(consulUri));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(
                        "consulUri: " + consulUri + " (expected: a URI such as http://127.0.0.1:8500)", e);
            }
        }

        public Builder trustDomain(String trustDomain) {
            this.trustDomain = requireNonNull(trustDomain, "trustDomain");
            return this;
        }

        public Builder datacenter(String datacenter) {
            this.datacenter = requireNonNull(datacenter, "datacenter");
            return this;
        }

        public Builder caDir(Path caDir) {
            this.caDir = requireNonNull(caDir, "caDir");
            return this;
        }

        public Builder streamPort(int streamPort) {
            this.streamPort = streamPort;
            return this;
        }

        public Builder httpPort(int httpPort) {
            this.httpPort = httpPort;
            return this;
        }

        public Builder bindAddress(String bindAddress) {
            this.bindAddress = requireNonNull(bindAddress, "bindAddress");
            return this;
        }

        public Builder advertiseAddress(String advertiseAddress) {
            this.advertiseAddress = requireNonNull(advertiseAddress, "advertiseAddress");
            return this;
        }

        public Builder replicaId(String replicaId) {
            this.replicaId = requireNonNull(replicaId, "replicaId");
            return this;
        }

        public Builder consulRegister(boolean consulRegister) {
            this.consulRegister = consulRegister;
            return this;
        }

        public Builder leafTtl(Duration leafTtl) {
            this.leafTtl = requireNonNull(leafTtl, "leafTtl");
            return this;
        }

        public Builder bootstrapToken(@Nullable String bootstrapToken) {
            this.bootstrapToken = bootstrapToken;
            return this;
        }

        public Builder bootstrapToken(String service, String token) {
            bootstrapTokens.put(requireNonNull(service, "service"), requireNonNull(token, "token"));
            return this;
        }

        public Builder bootstrapTokens(Map<String, String> tokens) {
            tokens.forEach(this::bootstrapToken);
            return this;
        }

        public Builder defaultIntention(IntentionAction defaultIntention) {
            this.defaultIntention = requireNonNull(defaultIntention, "defaultIntention");
            return this;
        }

        public Builder consulWait(Duration consulWait) {
            this.consulWait = requireNonNull(consulWait, "consulWait");
            return this;
        }

        public Builder consulMinInterval(Duration consulMinInterval) {
            this.consulMinInterval = requireNonNull(consulMinInterval, "consulMinInterval");
            return this;
        }

        public Builder consulBackoff(Duration initial, Duration max) {
            consulBackoffInitial = requireNonNull(initial, "initial");
            consulBackoffMax = requireNonNull(max, "max");
            return this;
        }

        public Builder keepaliveInterval(Duration keepaliveInterval) {
            this.keepaliveInterval = requireNonNull(keepaliveInterval, "keepaliveInterval");
            return this;
        }

        public Builder trafficInterval(Duration trafficInterval) {
            this.trafficInterval = requireNonNull(trafficInterval, "trafficInterval");
            return this;
        }

        public Builder shutdownGrace(Duration shutdownGrace) {
            this.shutdownGrace = requireNonNull(shutdownGrace, "shutdownGrace");
            return this;
        }

        public Builder consulToken(@Nullable String consulToken) {
            this.consulToken = consulToken;
            return this;
        }

        /** Adds DNS names to the stream's server certificate (besides {@code localhost}). */
        public Builder serverDnsNames(List<String> names) {
            for (String name : requireNonNull(names, "names")) {
                serverDnsNames.add(requireNonNull(name, "name").trim());
            }
            return this;
        }

        /** Validates and builds. Throws {@link IllegalArgumentException} naming the bad value. */
        public ControlPlaneConfig build() {
            final String scheme = consulUri.getScheme();
            check("http".equals(scheme) || "https".equals(scheme),
                  "consulUri", consulUri, "an http:// or https:// URI with a host");
            check(consulUri.getHost() != null, "consulUri", consulUri, "an http:// or https:// URI with a host");
            check(isName(trustDomain), "trustDomain", trustDomain, "a DNS-like name such as weft.local");
            check(isName(datacenter), "datacenter", datacenter, "a name such as dc1");
            checkPort("streamPort", streamPort);
            checkPort("httpPort", httpPort);
            check(streamPort == 0 || streamPort != httpPort, "httpPort", httpPort,
                  "different from streamPort " + streamPort);
            check(!bindAddress.isBlank(), "bindAddress", "''", "an IP address or host name");
            check(!advertiseAddress.isBlank() && !advertiseAddress.contains("/"), "advertiseAddress",
                  "'" + advertiseAddress + "'", "an IP address or host name");
            check(replicaId.isEmpty() || replicaId.matches("[A-Za-z0-9._-]+"), "replicaId", "'" + replicaId + "'",
                  "letters, digits, '.', '_' and '-'");
            check(leafTtl.compareTo(CertificateAuthority.MIN_LEAF_TTL) >= 0 &&
                  leafTtl.compareTo(CertificateAuthority.MAX_LEAF_TTL) <= 0, "leafTtl", leafTtl,
                  CertificateAuthority.MIN_LEAF_TTL + ".." + CertificateAuthority.MAX_LEAF_TTL);
            check(bootstrapToken == null || !bootstrapToken.isEmpty(), "bootstrapToken", "''",
                  "a non-empty token");
            check(bootstrapToken != null || !bootstrapTokens.isEmpty(), "bootstrapToken", "<none>",
                  "a shared token or at least one per-service token");
            bootstrapTokens.forEach((service, token) -> {
                check(!service.isBlank(), "bootstrapTokens", "''", "non-empty service names");
                check(!token.isEmpty(), "bootstrapTokens[" + service + ']', "''", "a non-empty token");
            });
            checkPositive("consulWait", consulWait);
            check(consulWait.compareTo(Duration.ofMinutes(9)) <= 0, "consulWait", consulWait,
                  "<= PT9M, below consul-api's 10-minute read timeout");
            check(!consulMinInterval.isNegative(), "consulMinInterval", consulMinInterval, ">= 0");
            checkPositive("consulBackoffInitial", consulBackoffInitial);
            check(consulBackoffMax.compareTo(consulBackoffInitial) >= 0, "consulBackoffMax",
                  consulBackoffMax, ">= consulBackoffInitial " + consulBackoffInitial);
            checkPositive("keepaliveInterval", keepaliveInterval);
            check(trafficInterval.compareTo(Duration.ofSeconds(1)) >= 0 &&
                  trafficInterval.compareTo(Duration.ofSeconds(30)) <= 0, "trafficInterval", trafficInterval,
                  "PT1S..PT30S, so the 60-second traffic window holds two summaries or more");
            check(!shutdownGrace.isNegative(), "shutdownGrace", shutdownGrace, ">= 0");
            check(consulToken == null || !consulToken.isBlank(), "consulToken", "''", "a non-empty token");
            for (String name : serverDnsNames) {
                check(isName(name), "serverDnsNames", "'" + name + "'", "DNS names such as control-plane");
            }
            return new ControlPlaneConfig(this);
        }

        private static boolean isName(String s) {
            return s.matches("[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?");
        }

        private static void checkPort(String name, int port) {
            check(port >= 0 && port <= 65535, name, port, "0..65535");
        }

        private static void checkPositive(String name, Duration d) {
            check(!d.isNegative() && !d.isZero(), name, d, "> 0");
        }

        private static void check(boolean ok, String name, Object value, String expected) {
            if (!ok) {
                throw new IllegalArgumentException(name + ": " + value + " (expected: " + expected + ')');
            }
        }
    }
}
