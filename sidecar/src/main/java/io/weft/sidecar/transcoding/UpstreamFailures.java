package io.weft.sidecar.transcoding;

import java.util.concurrent.CancellationException;

import com.linecorp.armeria.client.ResponseTimeoutException;
import com.linecorp.armeria.client.UnprocessedRequestException;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.stream.AbortedStreamException;
import com.linecorp.armeria.common.util.Exceptions;

import io.grpc.Status;

/** Turns a failure of a call to the app into the gRPC status the JSON caller gets. */
final class UpstreamFailures {

    static GrpcCallException toGrpc(Throwable cause, WebClient app) {
        final Throwable peeled = Exceptions.peel(cause);
        if (peeled instanceof GrpcCallException e) {
            return e;
        }
        if (peeled instanceof UnprocessedRequestException) {
            final Throwable reason = peeled.getCause() == null ? peeled : peeled.getCause();
            return new GrpcCallException(Status.Code.UNAVAILABLE,
                                         "the app at " + app.uri() + " is unreachable: " + reason);
        }
        if (peeled instanceof ResponseTimeoutException) {
            return new GrpcCallException(Status.Code.DEADLINE_EXCEEDED,
                                         "the app at " + app.uri() + " did not answer in time");
        }
        if (peeled instanceof CancellationException || peeled instanceof AbortedStreamException) {
            return new GrpcCallException(Status.Code.CANCELLED, "the call to the app was cancelled");
        }
        return new GrpcCallException(Status.Code.UNAVAILABLE,
                                     "the call to the app at " + app.uri() + " failed: " + peeled);
    }

    /** Whether this status suggests the app went away or changed, so its descriptors may be stale. */
    static boolean suggestsRestart(Status.Code code) {
        return code == Status.Code.UNAVAILABLE || code == Status.Code.UNIMPLEMENTED;
    }

    private UpstreamFailures() {}
}
