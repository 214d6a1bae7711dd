package io.weft.controlplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.weft.certs.Pem;
import io.weft.controlplane.testing.ControlPlaneExtension;
import io.weft.controlplane.testing.StreamClient;
import io.weft.protocol.v1.Action;
import io.weft.protocol.v1.ControlMessage;
import io.weft.protocol.v1.Endpoint;
import io.weft.protocol.v1.Endpoints;
import io.weft.protocol.v1.Intentions;

class ControlPlaneStreamTest {

    @RegisterExtension
    final ControlPlaneExtension controlPlanes = new ControlPlaneExtension();
    private ControlPlane controlPlane;

    @BeforeEach
    void setUp() {
        controlPlanes.consul().register("sum", "sum-1", 21001);
        controlPlane = controlPlanes.startControlPlane();
    }

    @Test
    void connectingSidecarGetsCertificateBundleEndpointsAndIntentions() throws Exception {
        try (StreamClient client = controlPlanes.connect()) {
            client.hello(StreamClient.hello("hello", ControlPlaneExtension.TOKEN, "sum"));
            client.csr(controlPlanes.csrFor("hello"));

            final ControlMessage cert = client.await(ControlMessage::hasCertificate);
            assertThat(cert.getCertificate().getSpiffeId())
                    .isEqualTo("spiffe://weft.local/ns/default/dc/dc1/svc/hello");
            assertThat(Pem.parseCertificates(cert.getCertificate().getChainPem())).hasSizeGreaterThanOrEqualTo(2);
            assertThat(cert.getCertificate().getNotAfterUnixMillis()).isGreaterThan(System.currentTimeMillis());

            final ControlMessage bundle = client.await(ControlMessage::hasTrustBundle);
            assertThat(bundle.getTrustBundle().getTrustDomain()).isEqualTo("weft.local");
            assertThat(bundle.getTrustBundle().getRootsPemList()).hasSize(1);

            final Endpoints sum = client.awaitEndpoints("sum", e -> e.getEndpointsCount() == 1);
            final Endpoint endpoint = sum.getEndpoints(0);
            assertThat(endpoint.getInstanceId()).isEqualTo("sum-1");
            assertThat(endpoint.getAddress()).isEqualTo("127.0.0.1");
            assertThat(endpoint.getPort()).isEqualTo(21001);
            assertThat(endpoint.getProtocol()).isEqualTo("grpc");
            assertThat(endpoint.getWeight()).isEqualTo(1);
            assertThat(endpoint.getSpiffeId()).isEqualTo("spiffe://weft.local/ns/default/dc/dc1/svc/sum");

            final Intentions intentions = client.await(ControlMessage::hasIntentions).getIntentions();
            assertThat(intentions.getDestination()).isEqualTo("hello");
            assertThat(intentions.getDefaultAction()).isEqualTo(Action.ALLOW);

            // The status API sees the sidecar and what it ACKed.
            await().untilAsserted(() -> assertThat(controlPlane.sidecars()).singleElement().satisfies(s -> {
                assertThat(s.service()).isEqualTo("hello");
                assertThat(s.identity()).isEqualTo("spiffe://weft.local/ns/default/dc/dc1/svc/hello");
                assertThat(s.certificateNotAfter()).isNotNull();
                assertThat(s.resources().get("endpoints/sum").acked()).isEqualTo(sum.getVersion());
                assertThat(s.resources().get("certificate").acked()).isEqualTo(1);
            }));
        }
    }

    @Test
    void registrationHealthFlipAndDeregistrationArriveAsDeltas() throws Exception {
        try (StreamClient client = controlPlanes.connect()) {
            client.hello(StreamClient.hello("hello", ControlPlaneExtension.TOKEN, "sum"));
            final Endpoints first = client.awaitEndpoints("sum", e -> e.getEndpointsCount() == 1);
            // The initial state is complete only once its intentions and traffic settings came too.
            client.await(ControlMessage::hasIntentions);
            client.await(ControlMessage::hasTrafficReporting);
            final int before = client.received().size();

            controlPlanes.consul().register("sum", "sum-2", 21002);
            final Endpoints two = client.awaitEndpoints("sum", e -> e.getEndpointsCount() == 2);
            assertThat(two.getVersion()).isGreaterThan(first.getVersion());

            controlPlanes.consul().failCheck("sum-1");
            final Endpoints failing = client.awaitEndpoints("sum", e -> e.getEndpointsCount() == 1);
            assertThat(failing.getEndpoints(0).getInstanceId()).isEqualTo("sum-2");

            controlPlanes.consul().passCheck("sum-1");
            client.awaitEndpoints("sum", e -> e.getEndpointsCount() == 2);

            controlPlanes.consul().deregister("sum-2");
            final Endpoints one = client.awaitEndpoints("sum", e -> e.getEndpointsCount() == 1);
            assertThat(one.getEndpoints(0).getInstanceId()).isEqualTo("sum-1");

            // Only Endpoints for sum (and keepalives) came after the initial state: deltas, not full state.
            assertThat(client.received().subList(before, client.received().size()))
                    .allMatch(m -> m.hasKeepalive() || m.hasEndpoints() && "sum".equals(m.getEndpoints().getService()));
        }
    }

    @Test
    void allUpstreamsSubscribersGetNewServicesAndRemovals() throws Exception {
        try (StreamClient client = controlPlanes.connect()) {
            client.hello(StreamClient.hello("gateway", ControlPlaneExtension.TOKEN).toBuilder()
                                     .setAllUpstreams(true).build());
            client.awaitEndpoints("sum", e -> e.getEndpointsCount() == 1);
            controlPlanes.consul().register("hello", "hello-1", 21003);
            client.awaitEndpoints("hello", e -> e.getEndpointsCount() == 1);
            controlPlanes.consul().deregister("hello-1");
            client.awaitEndpoints("hello", Endpoints::getRemoved);
        }
    }

    @Test
    void reconnectingSidecarGetsFullState() throws Exception {
        try (StreamClient first = controlPlanes.connect()) {
            first.hello(StreamClient.hello("hello", ControlPlaneExtension.TOKEN, "sum"));
            first.awaitEndpoints("sum", e -> e.getEndpointsCount() == 1);
        }
        await().until(() -> controlPlane.sidecars().isEmpty());
        controlPlanes.consul().register("sum", "sum-2", 21002);
        await().until(() -> controlPlane.snapshot().service("sum").instances().size() == 2);
        try (StreamClient second = controlPlanes.connect()) {
            second.hello(StreamClient.hello("hello", ControlPlaneExtension.TOKEN, "sum"));
            second.awaitEndpoints("sum", e -> e.getEndpointsCount() == 2);
            second.await(ControlMessage::hasTrustBundle);
            second.await(ControlMessage::hasIntentions);
        }
    }

    @Test
    void renewalIsANewCsrAnsweredWithANewCertificate() throws Exception {
        try (StreamClient client = controlPlanes.connect()) {
            client.hello(StreamClient.hello("hello", ControlPlaneExtension.TOKEN));
            client.csr(controlPlanes.csrFor("hello"));
            final ControlMessage first = client.await(ControlMessage::hasCertificate);
            client.csr(controlPlanes.csrFor("hello"));
            final ControlMessage second = client.await(m -> m.hasCertificate() && m.getCertificate().getVersion() == 2);
            assertThat(second.getCertificate().getChainPem()).isNotEqualTo(first.getCertificate().getChainPem());
        }
    }

    @Test
    void keepalivesFlowBothWaysAndKeepAQuietStreamOpen() throws Exception {
        try (StreamClient client = controlPlanes.connect()) {
            client.hello(StreamClient.hello("hello", ControlPlaneExtension.TOKEN));
            // Nothing changes in the mesh: only keepalives flow (the client answers each), for longer than
            // the three silent intervals after which a sidecar is dropped.
            await().atMost(Duration.ofSeconds(20))
                   .until(() -> client.received().stream().filter(ControlMessage::hasKeepalive).count() >= 5);
            assertThat(client.isClosed()).isFalse();
            assertThat(controlPlane.sidecars()).hasSize(1);
        }
    }

    @Test
    void silentSidecarIsDropped() throws Exception {
        try (StreamClient client = StreamClient.connectWithoutAcks(controlPlane.streamPort(),
                                                                   controlPlane.rootCaPemFile())) {
            client.hello(StreamClient.hello("hello", ControlPlaneExtension.TOKEN));
            // It never sends anything after Hello: dropped after three keepalive intervals.
            assertThat(client.awaitClosed().getCode()).isEqualTo(io.grpc.Status.Code.UNAVAILABLE);
        }
    }

    @Test
    void intentionChangesReachTheDestinationsSidecar() throws Exception {
        try (StreamClient client = controlPlanes.connect()) {
            client.hello(StreamClient.hello("sum", ControlPlaneExtension.TOKEN));
            client.await(ControlMessage::hasIntentions);
            controlPlanes.consul().createIntention("hello", "sum", "deny");
            final ControlMessage denied = client.await(m -> m.hasIntentions() &&
                                                          m.getIntentions().getIntentionsCount() == 1);
            assertThat(denied.getIntentions().getIntentions(0).getSource()).isEqualTo("hello");
            assertThat(denied.getIntentions().getIntentions(0).getAction()).isEqualTo(Action.DENY);
            assertThat(denied.getIntentions().getIntentions(0).getPrecedence()).isEqualTo(9);
        }
    }
}
