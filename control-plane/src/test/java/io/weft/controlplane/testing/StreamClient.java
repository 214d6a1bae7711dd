package io.weft.controlplane.testing;


import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.awaitility.core.ConditionFactory;

import com.linecorp.armeria.client.ClientFactory;
import com.linecorp.armeria.client.grpc.GrpcClients;
import com.linecorp.armeria.common.util.EventLoopGroups;

import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.grpc.stub.StreamObserver;
import io.netty.channel.EventLoopGroup;
import io.weft.certs.CertificateSigningRequests;
import io.weft.certs.KeyPairs;
import io.weft.certs.Pem;
import io.weft.certs.SpiffeId;
import io.weft.protocol.v1.Ack;
import io.weft.protocol.v1.CertificateRequest;
import io.weft.protocol.v1.ControlMessage;
import io.weft.protocol.v1.Endpoints;
import io.weft.protocol.v1.Hello;
import io.weft.protocol.v1.MeshDiscoveryGrpc;
import io.weft.protocol.v1.ResourceType;
import io.weft.protocol.v1.SidecarMessage;

/**
 * A test sidecar: opens the stream over TLS trusting the control plane's root.pem, records every
 * message, and can ACK, send CSRs, or never read at all.
 */
public final class StreamClient implements AutoCloseable {

    private final EventLoopGroup eventLoop;
    private final ClientFactory factory;
    private final StreamObserver<SidecarMessage> requests;
    private final List<ControlMessage> received = new CopyOnWriteArrayList<>();
    private final CompletableFuture<Status> closed = new CompletableFuture<>();
    private final boolean autoAck;

    private StreamClient(int port, Path rootPem, boolean reads, boolean autoAck) throws Exception {
        this.autoAck = autoAck;
        final X509Certificate root = Pem.parseCertificate(Files.readString(rootPem));
        // Its own event loop, like a sidecar in its own process: in-JVM servers cannot starve it.
        eventLoop = EventLoopGroups.newEventLoopGroup(1);
        factory = ClientFactory.builder().workerGroup(eventLoop, false).tlsCustomizer(b -> b.trustManager(root))
                               .build();
        final MeshDiscoveryGrpc.MeshDiscoveryStub stub =
                GrpcClients.builder("https://127.0.0.1:" + port)
                           .factory(factory)
                           .responseTimeout(Duration.ZERO)
                           .maxResponseLength(0)
                           .build(MeshDiscoveryGrpc.MeshDiscoveryStub.class);
        final StreamClient self = this;
        requests = stub.stream(new ClientResponseObserver<SidecarMessage, ControlMessage>() {
            @Override
            public void beforeStart(ClientCallStreamObserver<SidecarMessage> requestStream) {
                if (!reads) {
                    requestStream.disableAutoRequestWithInitial(0);
                }
            }

            @Override
            public void onNext(ControlMessage message) {
                received.add(message);
                if (self.autoAck) {
                    // A well-behaved sidecar: ACK every resource, answer keepalives.
                    if (message.hasKeepalive()) {
                        self.keepalive();
                    } else {
                        self.ack(message);
                    }
                }
            }

            @Override
            public void onError(Throwable t) {
                closed.complete(Status.fromThrowable(t));
            }

            @Override
            public void onCompleted() {
                closed.complete(Status.OK);
            }
        });
    }

    /** A client that reads and ACKs everything and answers keepalives. */
    public static StreamClient connect(int port, Path rootPem) throws Exception {
        return new StreamClient(port, rootPem, true, true);
    }

    /** A client that reads but sends nothing by itself (no ACKs, no keepalives). */
    public static StreamClient connectWithoutAcks(int port, Path rootPem) throws Exception {
        return new StreamClient(port, rootPem, true, false);
    }

    /** A client that never reads a single message. */
    public static StreamClient connectNeverReading(int port, Path rootPem) throws Exception {
        return new StreamClient(port, rootPem, false, false);
    }

    public static Hello hello(String service, String token, String... upstreams) {
        return Hello.newBuilder().setService(service).setInstanceId(service + "-test").setBootstrapToken(token)
                    .addAllUpstreams(List.of(upstreams)).setSidecarVersion("test").build();
    }

    public StreamClient send(SidecarMessage message) {
        synchronized (requests) {
            requests.onNext(message);
        }
        return this;
    }

    public StreamClient hello(Hello hello) {
        return send(SidecarMessage.newBuilder().setHello(hello).build());
    }

    public StreamClient csr(String csrPem) {
        return send(SidecarMessage.newBuilder().setCertificateRequest(
                CertificateRequest.newBuilder().setCsrPem(csrPem)).build());
    }

    /** A CSR for {@code service}'s identity, with a fresh key. */
    public static String csrFor(String trustDomain, String datacenter, String service) {
        return CertificateSigningRequests.create(KeyPairs.generateEc(), SpiffeId.of(trustDomain, datacenter, service));
    }

    public void keepalive() {
        try {
            send(SidecarMessage.newBuilder().setKeepalive(
                    io.weft.protocol.v1.Keepalive.newBuilder().setSentAtUnixMillis(System.currentTimeMillis()))
                               .build());
        } catch (RuntimeException ignored) {
            // the stream is closing
        }
    }

    public void ack(ControlMessage message) {
        final Ack.Builder ack = Ack.newBuilder();
        switch (message.getKindCase()) {
            case CERTIFICATE:
                ack.setType(ResourceType.CERTIFICATE).setVersion(message.getCertificate().getVersion());
                break;
            case TRUST_BUNDLE:
                ack.setType(ResourceType.TRUST_BUNDLE).setVersion(message.getTrustBundle().getVersion());
                break;
            case ENDPOINTS:
                ack.setType(ResourceType.ENDPOINTS).setName(message.getEndpoints().getService())
                   .setVersion(message.getEndpoints().getVersion());
                break;
            case INTENTIONS:
                ack.setType(ResourceType.INTENTIONS).setName(message.getIntentions().getDestination())
                   .setVersion(message.getIntentions().getVersion());
                break;
            default:
                return;
        }
        try {
            send(SidecarMessage.newBuilder().setAck(ack).build());
        } catch (RuntimeException ignored) {
            // the stream is closing
        }
    }

    public List<ControlMessage> received() {
        return new ArrayList<>(received);
    }

    /** The newest Endpoints received for {@code service}. */
    public Optional<Endpoints> latestEndpoints(String service) {
        Endpoints latest = null;
        for (ControlMessage m : received) {
            if (m.hasEndpoints() && m.getEndpoints().getService().equals(service)) {
                latest = m.getEndpoints();
            }
        }
        return Optional.ofNullable(latest);
    }

    public Endpoints awaitEndpoints(String service, Predicate<Endpoints> condition) {
        patiently().until(() -> latestEndpoints(service).filter(condition).isPresent());
        return latestEndpoints(service).orElseThrow();
    }

    public ControlMessage await(Predicate<ControlMessage> condition) {
        patiently().until(() -> received.stream().anyMatch(condition));
        return received.stream().filter(condition).reduce((a, b) -> b).orElseThrow();
    }

    /** Polls every 20 ms, from the start, for up to 10 s: pushes arrive within milliseconds. */
    private static ConditionFactory patiently() {
        return org.awaitility.Awaitility.await().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(20))
                                        .atMost(Duration.ofSeconds(10));
    }

    /** The status the stream ended with. */
    public Status awaitClosed() {
        patiently().until(closed::isDone);
        return closed.join();
    }

    public boolean isClosed() {
        return closed.isDone();
    }

    @Override
    public void close() {
        try {
            synchronized (requests) {
                requests.onCompleted();
            }
        } catch (RuntimeException ignored) {
            // already closed
        }
        factory.close();
        // Not the factory's shutdown: its 2 s quiet period would add 2 s to every test. Nothing is left on it.
        eventLoop.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
