package io.weft.controlplane.stream;


import io.weft.certs.IssuedCertificate;
import io.weft.certs.SpiffeId;
import io.weft.controlplane.snapshot.Intention;
import io.weft.controlplane.snapshot.IntentionAction;
import io.weft.controlplane.snapshot.IntentionPermission;
import io.weft.controlplane.snapshot.MeshSnapshot;
import io.weft.controlplane.snapshot.ServiceEndpoints;
import io.weft.controlplane.snapshot.ServiceInstance;
import io.weft.controlplane.snapshot.TrustRoots;
import io.weft.protocol.v1.Action;
import io.weft.protocol.v1.Certificate;
import io.weft.protocol.v1.ControlMessage;
import io.weft.protocol.v1.Endpoint;
import io.weft.protocol.v1.Endpoints;
import io.weft.protocol.v1.HttpPermission;
import io.weft.protocol.v1.Intentions;
import io.weft.protocol.v1.Permission;
import io.weft.protocol.v1.TrustBundle;

/** Turns snapshot parts into the stream's messages. Pure functions. */
final class ProtoResources {

    private ProtoResources() {}

    /**
     * The passing instances of {@code service}, and apart from them its warning ones; empty sets when the
     * snapshot does not know it.
     */
    static ControlMessage endpoints(MeshSnapshot snapshot, String service, String trustDomain, String datacenter) {
        final ServiceEndpoints endpoints = snapshot.service(service);
        final Endpoints.Builder b = Endpoints.newBuilder().setService(service);
        if (endpoints == null) {
            b.setVersion(snapshot.version());
        } else {
            b.setVersion(endpoints.version());
            final String spiffeId = SpiffeId.of(trustDomain, datacenter, service).uri();
            endpoints.passing().forEach(i -> b.addEndpoints(endpoint(i, spiffeId)));
            endpoints.warning().forEach(i -> b.addWarningEndpoints(endpoint(i, spiffeId)));
        }
        return ControlMessage.newBuilder().setEndpoints(b).build();
    }

    private static Endpoint endpoint(ServiceInstance i, String spiffeId) {
        return Endpoint.newBuilder().setInstanceId(i.id()).setAddress(i.address()).setPort(i.port())
                       .setProtocol(i.protocol()).setWeight(i.weight()).setZone(i.zone()).putAllMeta(i.meta())
                       .setSpiffeId(spiffeId).build();
    }

    static ControlMessage removedEndpoints(String service, long version) {
        return ControlMessage.newBuilder().setEndpoints(
                Endpoints.newBuilder().setService(service).setVersion(version).setRemoved(true)).build();
    }

    static ControlMessage intentions(MeshSnapshot snapshot, String destination) {
        final Intentions.Builder b = Intentions.newBuilder().setDestination(destination)
                                               .setVersion(snapshot.intentionsVersion())
                                               .setDefaultAction(action(snapshot.defaultAction()));
        for (Intention i : snapshot.intentionsFor(destination)) {
            final io.weft.protocol.v1.Intention.Builder rule =
                    io.weft.protocol.v1.Intention.newBuilder().setSource(i.source()).setDestination(i.destination())
                                                 .setPrecedence(i.precedence());
            if (i.action() != null) {
                rule.setAction(action(i.action()));
            }
            i.permissions().forEach(p -> rule.addPermissions(permission(p)));
            b.addIntentions(rule);
        }
        return ControlMessage.newBuilder().setIntentions(b).build();
    }

    private static Permission permission(IntentionPermission p) {
        final HttpPermission.Builder http = HttpPermission.newBuilder().setPathExact(p.pathExact())
                                                          .setPathPrefix(p.pathPrefix()).setPathRegex(p.pathRegex())
                                                          .addAllMethods(p.methods());
        p.headers().forEach(h -> http.addHeaders(RouteResources.header(h)));
        return Permission.newBuilder().setAction(action(p.action())).setHttp(http).build();
    }

    static ControlMessage trustBundle(MeshSnapshot snapshot) {
        final TrustRoots roots = snapshot.trustRoots();
        return ControlMessage.newBuilder().setTrustBundle(
                TrustBundle.newBuilder().setVersion(snapshot.trustRootsVersion())
                           .setTrustDomain(roots.trustDomain()).addAllRootsPem(roots.rootsPem())).build();
    }

    static ControlMessage certificate(IssuedCertificate issued, long version) {
        return ControlMessage.newBuilder().setCertificate(
                Certificate.newBuilder().setVersion(version).setChainPem(issued.chainPem())
                           .setSpiffeId(issued.spiffeId().uri())
                           .setNotAfterUnixMillis(issued.notAfter().toEpochMilli())).build();
    }


    private static Action action(IntentionAction action) {
        return action == IntentionAction.ALLOW ? Action.ALLOW : Action.DENY;
    }
}
