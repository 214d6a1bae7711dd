package io.weft.sidecar.transcoding;

import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.util.Exceptions;

import io.grpc.Status;
import io.weft.sidecar.failure.Failures;

/** Turns a failure of a call to the app into the gRPC status the JSON caller gets, by the one classifier. */
final class UpstreamFailures {

    static GrpcCallException toGrpc(Throwable cause, WebClient app) {
        final Throwable peeled = Exceptions.peel(cause);
        if (peeled instanceof GrpcCallException e) {
            return e;
        }
        return new GrpcCallException(Failures.classify(peeled, "the app at " + app.uri().getAuthority()));
    }

    /** Whether this status suggests the app went away or changed, so its descriptors may be stale. */
    static boolean suggestsRestart(Status.Code code) {
        return code == Status.Code.UNAVAILABLE || code == Status.Code.UNIMPLEMENTED;
    }

    private UpstreamFailures() {}
}
