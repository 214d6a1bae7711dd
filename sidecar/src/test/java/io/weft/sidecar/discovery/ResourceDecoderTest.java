package io.weft.sidecar.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.weft.certs.CaOptions;
import io.weft.certs.CertificateAuthority;
import io.weft.certs.CertificateSigningRequests;
import io.weft.certs.KeyPairs;
import io.weft.certs.Pem;
import io.weft.certs.SpiffeId;
import io.weft.protocol.v1.Action;
import io.weft.protocol.v1.Certificate;
import io.weft.protocol.v1.ControlMessage;
import io.weft.protocol.v1.Endpoint;
import io.weft.protocol.v1.Endpoints;
import io.weft.protocol.v1.HeaderMatch;
import io.weft.protocol.v1.HttpPermission;
import io.weft.protocol.v1.Intention;
import io.weft.protocol.v1.Intentions;
import io.weft.protocol.v1.Keepalive;
import io.weft.protocol.v1.Permission;
import io.weft.protocol.v1.ResourceType;
import io.weft.protocol.v1.TrustBundle;

/** The decoder alone: protocol messages in, mesh state out; no stream, no network. */
class ResourceDecoderTest {
    private static final CertificateAuthority CA = CertificateAuthority.generate(CaOptions.of("weft.local"));

    @Test
    void endpointsBecomeTheServicesEndpointSetWithADefaultWeight() {
        final ControlMessage message = ControlMessage.newBuilder().setEndpoints(
                Endpoints.newBuilder().setService("sum").setVersion(7)
                         .addEndpoints(endpoint("sum-1", "10.0.0.1", 21000).setWeight(3).setZone("a")
                                                                        .putMeta("weft-protocol", "grpc"))
                         .addEndpoints(endpoint("sum-2", "10.0.0.2", 21001))).build();
        final MeshState state = ResourceDecoder.stateChange(message).apply(MeshState.EMPTY);
        final ServiceEndpoints sum = state.endpointsOf("sum");
        assertThat(sum.version()).isEqualTo(7);
        assertThat(sum.endpoints()).containsExactly(
                new MeshEndpoint("sum-1", "10.0.0.1", 21000, "grpc", 3, "a", "spiffe://weft.local/svc/sum",
                                 Map.of("weft-protocol", "grpc")),
                new MeshEndpoint("sum-2", "10.0.0.2", 21001, "grpc", 1, "", "spiffe://weft.local/svc/sum",
                                 Map.of()));
        assertThat(ResourceDecoder.idOf(message)).isEqualTo(new ResourceId(ResourceType.ENDPOINTS, "sum"));
        assertThat(ResourceDecoder.idOf(message).key()).isEqualTo("ENDPOINTS/sum");
        assertThat(ResourceDecoder.versionOf(message)).isEqualTo(7);
    }

    @Test
    void warningEndpointsJoinThePassingOnesMarkedAsNotPassing() {
        final MeshState state = ResourceDecoder.stateChange(ControlMessage.newBuilder().setEndpoints(
                Endpoints.newBuilder().setService("sum").setVersion(2)
                         .addEndpoints(endpoint("sum-1", "10.0.0.1", 21000))
                         .addWarningEndpoints(endpoint("sum-2", "10.0.0.2", 21001))).build()).apply(MeshState.EMPTY);
        assertThat(state.endpointsOf("sum").endpoints()).extracting(MeshEndpoint::instanceId, MeshEndpoint::passing)
                .containsExactly(tuple("sum-1", true), tuple("sum-2", false));
    }

    @Test
    void removedEndpointsLeaveTheServiceKnownButEmpty() {
        final MeshState before = ResourceDecoder.stateChange(ControlMessage.newBuilder().setEndpoints(
                Endpoints.newBuilder().setService("sum").setVersion(1)
                         .addEndpoints(endpoint("sum-1", "10.0.0.1", 21000))).build()).apply(MeshState.EMPTY);
        final MeshState after = ResourceDecoder.stateChange(ControlMessage.newBuilder().setEndpoints(
                Endpoints.newBuilder().setService("sum").setVersion(2).setRemoved(true)).build()).apply(before);
        assertThat(after.endpointsOf("sum").endpoints()).isEmpty();
        assertThat(after.endpointsOf("sum").version()).isEqualTo(2);
    }

    @Test
    void anEndpointWithoutAddressOrWithABadPortIsRejectedByName() {
        assertThatThrownBy(() -> ResourceDecoder.stateChange(ControlMessage.newBuilder().setEndpoints(
                Endpoints.newBuilder().setService("sum").setVersion(1)
                         .addEndpoints(endpoint("sum-9", "10.0.0.9", 70000))).build()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("endpoint sum-9: address '10.0.0.9', port 70000 (expected: host and 1..65535)");
        assertThatThrownBy(() -> ResourceDecoder.stateChange(ControlMessage.newBuilder().setEndpoints(
                Endpoints.newBuilder().setService("sum").addEndpoints(endpoint("sum-8", " ", 1))).build()))
                .hasMessageContaining("endpoint sum-8");
    }

    @Test
    void intentionsAreOrderedByPrecedenceAndKeepWhetherTheControlPlaneSentADefault() {
        final ControlMessage message = ControlMessage.newBuilder().setIntentions(
                Intentions.newBuilder().setDestination("sum").setVersion(4).setDefaultAction(Action.DENY)
                          .addIntentions(intention("*", Action.DENY, 1))
                          .addIntentions(intention("hello", Action.ALLOW, 9))).build();
        final IntentionSet set = ResourceDecoder.stateChange(message).apply(MeshState.EMPTY).intentions();
        assertThat(set.version()).isEqualTo(4);
        assertThat(set.rules()).containsExactly(new IntentionRule("hello", true, 9), new IntentionRule("*", false, 1));
        assertThat(set.defaultAllow()).isFalse();
        assertThat(ResourceDecoder.idOf(message)).isEqualTo(new ResourceId(ResourceType.INTENTIONS, "sum"));

        final IntentionSet noDefault = ResourceDecoder.intentions(
                Intentions.newBuilder().setDestination("sum").setVersion(5).build());
        assertThat(noDefault.defaultAllow()).isNull();
        assertThat(noDefault.rules()).isEmpty();
    }

    @Test
    void l7PermissionsAreDecodedInOrderWithTheirRegexesCompiledOnce() {
        final IntentionSet set = ResourceDecoder.intentions(Intentions.newBuilder().setDestination("sum").setVersion(6)
                .addIntentions(Intention.newBuilder().setSource("web").setDestination("sum").setPrecedence(9)
                        .addPermissions(permission(Action.DENY, HttpPermission.newBuilder().setPathRegex("/v[0-9]+/admin")
                                .addMethods("GET").addHeaders(HeaderMatch.newBuilder().setName("X-User")
                                                                         .setRegex("a.*").setInvert(true))))
                        .addPermissions(permission(Action.ALLOW, HttpPermission.newBuilder().setPathPrefix("/"))))
                .build());
        final IntentionRule web = set.rules().get(0);
        assertThat(web.layer7()).isTrue();
        assertThat(web.permissions()).extracting(IntentionPermission::index, IntentionPermission::allow)
                                     .containsExactly(org.assertj.core.groups.Tuple.tuple(0, false),
                                                      org.assertj.core.groups.Tuple.tuple(1, true));
        final IntentionPermission first = web.permissions().get(0);
        assertThat(first.pathRegex().pattern()).isEqualTo("/v[0-9]+/admin");
        assertThat(first.headers().get(0).name()).isEqualTo("x-user");
        assertThat(first.headers().get(0).regex().pattern()).isEqualTo("a.*");
        assertThat(first.matches(new RequestAttributes("GET", "/v2/admin", n -> "bob"))).isTrue();
    }

    @Test
    void aPermissionTheSidecarCannotApplyIsANackNamingIt() {
        final Intention.Builder web = Intention.newBuilder().setSource("web").setDestination("sum").setPrecedence(9);
        assertThatThrownBy(() -> ResourceDecoder.stateChange(ControlMessage.newBuilder().setIntentions(
                Intentions.newBuilder().setDestination("sum").setVersion(7).addIntentions(web.clone().addPermissions(
                        permission(Action.DENY, HttpPermission.newBuilder().setPathRegex("/admin(")))))
                .build()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("intentions of sum v7: intention web -> sum Permissions[0] path: regular " +
                                      "expression '/admin('")
                .hasMessageContaining("the previous intentions stay in force");
        assertThatThrownBy(() -> ResourceDecoder.intentions(Intentions.newBuilder().setDestination("sum")
                .addIntentions(web.clone().addPermissions(permission(Action.DENY, HttpPermission.newBuilder()
                        .addHeaders(HeaderMatch.newBuilder().setName("x").setRegex("[")))))
                .build())).hasMessageContaining("Permissions[0] header x: regular expression '['");
        assertThatThrownBy(() -> ResourceDecoder.intentions(Intentions.newBuilder().setDestination("sum")
                .addIntentions(web.clone().addPermissions(permission(Action.ACTION_UNSPECIFIED,
                                                                     HttpPermission.newBuilder().setPathPrefix("/"))))
                .build())).hasMessageContaining("expected: ALLOW or DENY");
        assertThatThrownBy(() -> ResourceDecoder.intentions(Intentions.newBuilder().setDestination("sum")
                .addIntentions(web.clone().addPermissions(permission(Action.DENY, HttpPermission.newBuilder()
                        .setPathPrefix("/").setPathExact("/a"))))
                .build())).hasMessageContaining("more than one of path_exact, path_prefix, path_regex");
    }

    private static Permission permission(Action action, HttpPermission.Builder http) {
        return Permission.newBuilder().setAction(action).setHttp(http).build();
    }

    @Test
    void aTrustBundleNeedsRootsAndATrustDomain() {
        final ControlMessage message = ControlMessage.newBuilder().setTrustBundle(
                TrustBundle.newBuilder().setVersion(3).setTrustDomain("weft.local")
                           .addRootsPem(Pem.certificateToPem(CA.rootCertificate()))).build();
        final MeshState state = ResourceDecoder.stateChange(message).apply(MeshState.EMPTY);
        assertThat(state.trustBundle().roots()).containsExactly(CA.rootCertificate());
        assertThat(state.trustDomain()).isEqualTo("weft.local");
        assertThat(state.trustBundleVersion()).isEqualTo(3);
        assertThat(ResourceDecoder.idOf(message).key()).isEqualTo("TRUST_BUNDLE");

        assertThatThrownBy(() -> ResourceDecoder.stateChange(ControlMessage.newBuilder().setTrustBundle(
                TrustBundle.newBuilder().setVersion(4).setTrustDomain("weft.local")).build()))
                .hasMessage("trust bundle v4: no roots or no trust domain");
    }

    @Test
    void aCertificateIsItsChainLeafFirst() {
        final String chainPem = CA.issue(CertificateSigningRequests.create(
                KeyPairs.generateEc(), SpiffeId.of("weft.local", "dc1", "sum")), "sum", Duration.ofHours(1)).chainPem();
        final ControlMessage message = ControlMessage.newBuilder().setCertificate(
                Certificate.newBuilder().setVersion(2).setChainPem(chainPem)).build();
        final List<X509Certificate> chain = ResourceDecoder.certificateChain(message.getCertificate());
        assertThat(chain).hasSizeGreaterThanOrEqualTo(2);
        assertThat(chain.get(0).getSubjectX500Principal().getName()).contains("CN=sum");
        assertThat(ResourceDecoder.idOf(message)).isEqualTo(new ResourceId(ResourceType.CERTIFICATE, ""));
        assertThat(ResourceDecoder.versionOf(message)).isEqualTo(2);
        assertThatThrownBy(() -> ResourceDecoder.stateChange(message))
                .hasMessageContaining("not mesh state");
    }

    @Test
    void aKeepaliveIsNoResource() {
        final ControlMessage keepalive = ControlMessage.newBuilder().setKeepalive(Keepalive.getDefaultInstance()).build();
        assertThat(ResourceDecoder.idOf(keepalive)).isNull();
        assertThat(ResourceDecoder.versionOf(keepalive)).isZero();
    }

    private static Endpoint.Builder endpoint(String id, String address, int port) {
        return Endpoint.newBuilder().setInstanceId(id).setAddress(address).setPort(port).setProtocol("grpc")
                       .setSpiffeId("spiffe://weft.local/svc/sum");
    }

    private static Intention intention(String source, Action action, int precedence) {
        return Intention.newBuilder().setSource(source).setDestination("sum").setAction(action)
                        .setPrecedence(precedence).build();
    }
}
