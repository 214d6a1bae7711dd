package io.weft.bench.soak;

import java.io.IOException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

import com.linecorp.armeria.client.ResponseTimeoutException;
import com.linecorp.armeria.client.UnprocessedRequestException;
import com.linecorp.armeria.common.ClosedSessionException;
import com.linecorp.armeria.common.stream.ClosedStreamException;

import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;
import io.weft.common.annotation.Nullable;

/**
 * Why one request or stream failed, as the soak counts it. A sidecar that answers for the upstream says why
 * in {@code x-weft-failure}; that header wins over the status, and its {@code denied} is kept apart (an
 * intention the soak itself switched to deny). Without the header the status is the cause; a request that
 * never got an answer is a connection error (or a timeout), named after the exception.
 *
 * @param type the family the report groups by
 * @param detail what exactly: the header's value and status, the status, the exception's simple name
 */
public record Cause(Type type, String detail) {

    /** The header every weft sidecar sets on an answer it made itself. */
    public static final String FAILURE_HEADER = "x-weft-failure";
    private static final Metadata.Key<String> FAILURE_KEY =
            Metadata.Key.of(FAILURE_HEADER, Metadata.ASCII_STRING_MARSHALLER);

    /** The families of causes. */
    public enum Type {
        /** {@code x-weft-failure: denied}: an intention forbids the caller. */
        DENIED,
        /** Any other {@code x-weft-failure}: a sidecar answered for the upstream. */
        WEFT,
        /** A gRPC status or HTTP status without the header: the app (or something else) answered so. */
        STATUS,
        /** No answer: the connection was refused, reset or closed. */
        CONNECTION,
        /** No answer within the client's own deadline. */
        TIMEOUT,
        /** An answer, but not the right one (a wrong sum, a stream that skipped or ended early). */
        WRONG_ANSWER
    }

    /** The cause as one word in the result files, e.g. {@code weft:unreachable/UNAVAILABLE} or {@code denied}. */
    public String label() {
        return switch (type) {
            case DENIED -> "denied";
            case WEFT -> "weft:" + detail;
            case STATUS -> "status:" + detail;
            case CONNECTION -> "connection:" + detail;
            case TIMEOUT -> "timeout:" + detail;
            case WRONG_ANSWER -> "wrong:" + detail;
        };
    }

    /** Whether this is a request refused on purpose (an intention), counted apart from failures. */
    public boolean denied() {
        return type == Type.DENIED;
    }

    /** A gRPC call that ended with {@code status}; {@code weftFailure} from its trailers, if any. */
    public static Cause grpc(Status status, @Nullable String weftFailure) {
        if (weftFailure != null && !weftFailure.isEmpty()) {
            return weft(weftFailure, status.getCode().name());
        }
        if (status.getCode() == Status.Code.DEADLINE_EXCEEDED) {
            return new Cause(Type.TIMEOUT, "DEADLINE_EXCEEDED");
        }
        final Throwable cause = status.getCause();
        if (cause != null && connectionError(cause) != null) {
            return new Cause(Type.CONNECTION, connectionError(cause));
        }
        return new Cause(Type.STATUS, status.getCode().name());
    }

    /** An HTTP answer with a status other than 200; {@code weftFailure} from its headers, if any. */
    public static Cause http(int status, @Nullable String weftFailure) {
        if (weftFailure != null && !weftFailure.isEmpty()) {
            return weft(weftFailure, Integer.toString(status));
        }
        return new Cause(Type.STATUS, Integer.toString(status));
    }

    /** A call that ended with {@code error}: a gRPC status (its trailers read), a timeout or a broken connection. */
    public static Cause of(Throwable error) {
        final Throwable t = unwrap(error);
        if (t instanceof StatusRuntimeException e) {
            return grpc(e.getStatus(), failureHeader(e.getTrailers()));
        }
        if (t instanceof StatusException e) {
            return grpc(e.getStatus(), failureHeader(e.getTrailers()));
        }
        if (t instanceof ResponseTimeoutException) {
            return new Cause(Type.TIMEOUT, "response timeout");
        }
        final String connection = connectionError(t);
        if (connection != null) {
            return new Cause(Type.CONNECTION, connection);
        }
        return new Cause(Type.STATUS, "exception " + t.getClass().getSimpleName());
    }

    /** What a failed call's answer said: its gRPC status description, or the exception's message. */
    @Nullable
    public static String said(Throwable error) {
        final Throwable t = unwrap(error);
        if (t instanceof StatusRuntimeException e) {
            return e.getStatus().getDescription();
        }
        if (t instanceof StatusException e) {
            return e.getStatus().getDescription();
        }
        return t.getMessage();
    }

    /** An answer that is not the right one; {@code what} says how. */
    public static Cause wrongAnswer(String what) {
        return new Cause(Type.WRONG_ANSWER, what);
    }

    private static Cause weft(String failure, String status) {
        return "denied".equals(failure) ? new Cause(Type.DENIED, status)
                                        : new Cause(Type.WEFT, failure + '/' + status);
    }

    @Nullable
    private static String failureHeader(@Nullable Metadata trailers) {
        return trailers == null ? null : trailers.get(FAILURE_KEY);
    }

    /** The simple name of the connection-level exception in {@code t}'s causes, or {@code null} if none. */
    @Nullable
    private static String connectionError(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof UnprocessedRequestException && c.getCause() != null) {
                continue; // the wrapper; the cause says what happened
            }
            if (c instanceof IOException || c instanceof ClosedSessionException
                || c instanceof ClosedStreamException || c instanceof UnprocessedRequestException) {
                return c.getClass().getSimpleName();
            }
            if (c.getCause() == c) {
                break;
            }
        }
        return null;
    }

    private static Throwable unwrap(Throwable t) {
        Throwable c = t;
        while ((c instanceof CompletionException || c instanceof ExecutionException) && c.getCause() != null) {
            c = c.getCause();
        }
        return c;
    }
}
