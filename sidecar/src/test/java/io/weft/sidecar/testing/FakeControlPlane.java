package io.weft.sidecar.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import com.linecorp.armeria.client.ClientFactory;
import com.linecorp.armeria.common.TlsKeyPair;
import com.linecorp.armeria.server.Server;
import com.linecorp.armeria.server.grpc.GrpcService;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.weft.certs.CertificateAuthority;
import io.weft.certs.CertificateSigningRequests;
import io.weft.certs.IssuedCertificate;
import io.weft.certs.KeyPairs;
import io.weft.certs.Pem;
import io.weft.certs.SpiffeId;
import io.weft.common.netty.BossGroups;
import io.weft.controlplane.testing.TemporaryCa;
import io.weft.protocol.v1.Ack;
import io.weft.protocol.v1.Action;
import io.weft.protocol.v1.Certificate;
import io.weft.protocol.v1.ControlMessage;
import io.weft.protocol.v1.Endpoint;
import io.weft.protocol.v1.Endpoints;
import io.weft.protocol.v1.Hello;
import io.weft.protocol.v1.Intention;
import io.weft.protocol.v1.Intentions;
import io.weft.protocol.v1.MeshDiscoveryGrpc;
import io.weft.protocol.v1.SidecarMessage;
import io.weft.protocol.v1.TrustBundle;

/**
 * An in-test control plane speaking {@code MeshDiscovery.Stream} with a real mesh CA: issues leaf
 * certificates for CSRs, pushes the trust bundle, endpoints and intentions, and lets tests change
 * them directly, without Consul. The stream flow is the one documented in mesh.proto; its CA is a
 * {@link TemporaryCa}, closed with it.
 */
public final class FakeControlPlane implements AutoCloseable {
    public static final String TRUST_DOMAIN = "weft.local";

    private final TemporaryCa temporaryCa = new TemporaryCa();
    private final CertificateAuthority ca;
    private final String token;
    private final Duration leafTtl;
    private final Path rootCaFile;
    private final Server server;
    private final AtomicLong versions = new AtomicLong();
    private final Map<String, List<Endpoint>> endpoints = new ConcurrentHashMap<>();
    private final Map<String, List<Intention>> intentions = new ConcurrentHashMap<>();
    private final Set<Session> sessions = ConcurrentHashMap.newKeySet();
    private final List<Ack> acks = new CopyOnWriteArrayList<>();
    private final AtomicInteger certificatesIssued = new AtomicInteger();
    private final AtomicInteger keepalivesReceived = new AtomicInteger();

    public static FakeControlPlane start(String token, Duration leafTtl) {
        return new FakeControlPlane(token, leafTtl);
    }

    private FakeControlPlane(String token, Duration leafTtl) {
        this.token = token;
        this.leafTtl = leafTtl;
        temporaryCa.start();
        ca = temporaryCa.generate(TRUST_DOMAIN);
        rootCaFile = temporaryCa.rootPemFile();
        try {
            final KeyPair keyPair = KeyPairs.generateEc();
            final IssuedCertificate serverCert = ca.issueServerCertificate(
                    keyPair, SpiffeId.of(TRUST_DOMAIN, ca.datacenter(), "weft-control-plane"), List.of("localhost"),
                    List.of(InetAddress.getByName("127.0.0.1")), Duration.ofHours(1));
            server = BossGroups.applyTo(Server.builder())
                           .https(0)
                           .tls(TlsKeyPair.of(keyPair.getPrivate(), serverCert.chain()))
                           .requestTimeout(Duration.ZERO)
                           .service(GrpcService.builder().addService(new Discovery()).build())
                           .build();
        } catch (IOException e) {
            temporaryCa.close();
            throw new UncheckedIOException(e);
        }
        server.start().join();
    }

    /**
     * A client factory holding a mesh certificate for {@code service} from this CA, as a test client dialling a
     * sidecar's inbound listener by address (the server's name is not checked). Close it.
     */
    public ClientFactory meshClientFactory(String service) {
        final KeyPair keyPair = KeyPairs.generateEc();
        final IssuedCertificate cert = ca.issue(
                CertificateSigningRequests.create(keyPair, SpiffeId.of(ca.trustDomain(), ca.datacenter(), service)),
                service, Duration.ofMinutes(30));
        return ClientFactory.builder().tlsNoVerify().tls(TlsKeyPair.of(keyPair.getPrivate(), cert.chain())).build();
    }

    public CertificateAuthority ca() {
        return ca;
    }

    /** The root CA PEM sidecars bootstrap with. */
    public Path rootCaFile() {
        return rootCaFile;
    }

    /** host:port of the sidecar stream. */
    public String address() {
        return "127.0.0.1:" + server.activeLocalPort();
    }

    public int certificatesIssued() {
        return certificatesIssued.get();
    }

    public int keepalivesReceived() {
        return keepalivesReceived.get();
    }

    /** Sends one control-plane keepalive on every open stream. */
    public void sendKeepalives() {
        sessions.forEach(Session::sendKeepalive);
    }

    public List<Ack> acks() {
        return List.copyOf(acks);
    }

    /** Adds (or replaces) one instance of {@code service} and pushes the new set. */
    public void putEndpoint(String service, String instanceId, int port) {
        final Endpoint endpoint = Endpoint.newBuilder().setInstanceId(instanceId).setAddress("127.0.0.1")
                                          .setPort(port).setProtocol("grpc").setWeight(1)
                                          .setSpiffeId(SpiffeId.of(TRUST_DOMAIN, ca.datacenter(), service).uri())
                                          .build();
        endpoints.compute(service, (s, old) -> {
            final List<Endpoint> next = new ArrayList<>(old == null ? List.of() : old);
            next.removeIf(e -> e.getInstanceId().equals(instanceId));
            next.add(endpoint);
            return List.copyOf(next);
        });
        sessions.forEach(s -> s.pushEndpoints(service));
    }

    /** Sets the intentions protecting {@code destination} (highest precedence first) and pushes them. */
    public void putIntentions(String destination, List<Intention> rules) {
        intentions.put(destination, List.copyOf(rules));
        sessions.forEach(s -> s.pushIntentions(destination));
    }

    public static Intention intention(String source, String destination, boolean allow, int precedence) {
        return Intention.newBuilder().setSource(source).setDestination(destination)
                        .setAction(allow ? Action.ALLOW : Action.DENY).setPrecedence(precedence).build();
    }

    /** Breaks every open stream, as a control plane restart would. */
    public void dropStreams() {
        sessions.forEach(s -> s.fail(Status.UNAVAILABLE.withDescription("control plane restarting")));
    }

    @Override
    public void close() {
        dropStreams();
        server.stop().join();
        temporaryCa.close();
    }

    private final class Discovery extends MeshDiscoveryGrpc.MeshDiscoveryImplBase {
        @Override
        public StreamObserver<SidecarMessage> stream(StreamObserver<ControlMessage> responses) {
            return new Session(responses);
        }
    }

    /** One sidecar's stream. */
    private final class Session implements StreamObserver<SidecarMessage> {
        private final StreamObserver<ControlMessage> out;
        private Hello hello;
        private boolean fullStateSent;
        private boolean done;

        Session(StreamObserver<ControlMessage> out) {
            this.out = out;
        }

        @Override
        public synchronized void onNext(SidecarMessage message) {
            switch (message.getKindCase()) {
                case HELLO -> {
                    if (!token.equals(message.getHello().getBootstrapToken())) {
                        fail(Status.UNAUTHENTICATED.withDescription("bad bootstrap token"));
                        return;
                    }
                    hello = message.getHello();
                    sessions.add(this);
                }
                case CERTIFICATE_REQUEST -> {
                    if (hello == null) {
                        fail(Status.INVALID_ARGUMENT.withDescription("Hello must come first"));
                        return;
                    }
                    final IssuedCertificate issued;
                    try {
                        issued = ca.issue(message.getCertificateRequest().getCsrPem(), hello.getService(), leafTtl);
                    } catch (RuntimeException e) {
                        fail(Status.PERMISSION_DENIED.withDescription(e.getMessage()));
                        return;
                    }
                    certificatesIssued.incrementAndGet();
                    send(ControlMessage.newBuilder().setCertificate(
                            Certificate.newBuilder().setVersion(versions.incrementAndGet())
                                       .setChainPem(issued.chainPem()).setSpiffeId(issued.spiffeId().uri())
                                       .setNotAfterUnixMillis(issued.notAfter().toEpochMilli())).build());
                    if (!fullStateSent) {
                        fullStateSent = true;
                        sendFullState();
                    }
                }
                case ACK -> acks.add(message.getAck());
                case KEEPALIVE -> keepalivesReceived.incrementAndGet();
                default -> { }
            }
        }

        private void sendFullState() {
            send(ControlMessage.newBuilder().setTrustBundle(
                    TrustBundle.newBuilder().setVersion(versions.incrementAndGet()).setTrustDomain(TRUST_DOMAIN)
                               .addRootsPem(Pem.certificateToPem(ca.rootCertificate()))).build());
            final Set<String> services = ConcurrentHashMap.newKeySet();
            services.addAll(hello.getAllUpstreams() ? endpoints.keySet() : hello.getUpstreamsList());
            services.forEach(this::pushEndpoints);
            pushIntentions(hello.getService());
        }

        synchronized void sendKeepalive() {
            send(ControlMessage.newBuilder().setKeepalive(
                    io.weft.protocol.v1.Keepalive.newBuilder().setSentAtUnixMillis(System.currentTimeMillis()))
                                .build());
        }

        synchronized void pushEndpoints(String service) {
            if (hello == null || !fullStateSent ||
                !(hello.getAllUpstreams() || hello.getUpstreamsList().contains(service))) {
                return;
            }
            send(ControlMessage.newBuilder().setEndpoints(
                    Endpoints.newBuilder().setVersion(versions.incrementAndGet()).setService(service)
                             .addAllEndpoints(endpoints.getOrDefault(service, List.of()))).build());
        }

        synchronized void pushIntentions(String destination) {
            if (hello == null || !fullStateSent || !hello.getService().equals(destination)) {
                return;
            }
            send(ControlMessage.newBuilder().setIntentions(
                    Intentions.newBuilder().setVersion(versions.incrementAndGet()).setDestination(destination)
                              .addAllIntentions(intentions.getOrDefault(destination, List.of()))).build());
        }

        private void send(ControlMessage message) {
            if (!done) {
                out.onNext(message);
            }
        }

        synchronized void fail(Status status) {
            if (!done) {
                done = true;
                sessions.remove(this);
                out.onError(status.asRuntimeException());
            }
        }

        @Override
        public synchronized void onError(Throwable t) {
            done = true;
            sessions.remove(this);
        }

        @Override
        public synchronized void onCompleted() {
            if (!done) {
                done = true;
                sessions.remove(this);
                out.onCompleted();
            }
        }
    }
}
