package io.weft.controlplane.stream;

import static java.util.Objects.requireNonNull;

import com.linecorp.armeria.server.ServiceRequestContext;

import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.weft.protocol.v1.ControlMessage;
import io.weft.protocol.v1.MeshDiscoveryGrpc;
import io.weft.protocol.v1.SidecarMessage;

/** {@code weft.mesh.v1.MeshDiscovery}: one {@link SidecarSession} per stream. Runs on Armeria's event loops. */
public final class MeshDiscoveryService extends MeshDiscoveryGrpc.MeshDiscoveryImplBase {

    private final SessionRegistry registry;

    public MeshDiscoveryService(SessionRegistry registry) {
        this.registry = requireNonNull(registry, "registry");
    }

    @Override
    public StreamObserver<SidecarMessage> stream(StreamObserver<ControlMessage> responses) {
        final ServiceRequestContext ctx = ServiceRequestContext.current();
        return registry.open((ServerCallStreamObserver<ControlMessage>) responses, ctx.eventLoop(),
                             String.valueOf(ctx.remoteAddress()));
    }
}
