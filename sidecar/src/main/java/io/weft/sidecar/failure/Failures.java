package io.weft.sidecar.failure;

import java.io.IOException;
import java.net.ConnectException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeoutException;

import com.linecorp.armeria.client.ResponseTimeoutException;
import com.linecorp.armeria.client.UnprocessedRequestException;
import com.linecorp.armeria.common.ContentTooLargeException;
import com.linecorp.armeria.common.stream.AbortedStreamException;
import com.linecorp.armeria.common.util.Exceptions;
import com.linecorp.armeria.server.RequestTimeoutException;

/**
 * The one classifier: turns whatever a forward threw or failed with into a {@link Failure}. {@code target}
 * names where the request was going ("service 'sum'", "the app at 127.0.0.1:8081"); it is only asked
 * for once something failed.
 */
public final class Failures {

    public static Failure classify(Throwable cause, String target) {
        final Throwable peeled = Exceptions.peel(cause);
        if (peeled instanceof FailureException e) {
            return e.failure();
        }
        if (peeled instanceof UnprocessedRequestException || peeled instanceof ConnectException) {
            return FailureKind.UNREACHABLE.with(target + " is unreachable: " + describe(reason(peeled)));
        }
        if (peeled instanceof ResponseTimeoutException || peeled instanceof RequestTimeoutException ||
            peeled instanceof TimeoutException) {
            return FailureKind.TIMEOUT.with(target + " did not answer before the request's deadline");
        }
        if (peeled instanceof ContentTooLargeException) {
            return FailureKind.TOO_LARGE.with("the request is larger than this sidecar accepts: " +
                                              describe(peeled));
        }
        if (peeled instanceof CancellationException || peeled instanceof AbortedStreamException) {
            return FailureKind.CANCELLED.with("the call to " + target + " was cancelled");
        }
        if (peeled instanceof NullPointerException || peeled instanceof IllegalStateException ||
            peeled instanceof IllegalArgumentException || peeled instanceof ClassCastException) {
            return FailureKind.INTERNAL.with("this sidecar failed forwarding to " + target + ": " + describe(peeled));
        }
        // Closed sessions and streams, resets, GOAWAYs, I/O errors: the upstream broke after we sent.
        return FailureKind.RESET.with(target + " failed: " + describe(peeled));
    }

    /** Whether {@code cause} is one of Armeria's own deliberate answers, which pass through unchanged. */
    static boolean isDeliberateResponse(Throwable cause) {
        return cause instanceof com.linecorp.armeria.server.HttpStatusException ||
               cause instanceof com.linecorp.armeria.server.HttpResponseException;
    }

    private static Throwable reason(Throwable t) {
        return t instanceof UnprocessedRequestException && t.getCause() != null ? t.getCause() : t;
    }

    private static String describe(Throwable t) {
        final String message = t.getMessage();
        return t.getClass().getSimpleName() + (message == null || t instanceof IOException && message.isEmpty()
                                               ? "" : ": " + message);
    }

    private Failures() {}
}
