package io.weft.sidecar.failure;

import static java.util.Objects.requireNonNull;

/**
 * One failure, typed: its {@link FailureKind} decides the status codes, its message tells the caller what
 * was wrong with which value. Built only when something fails, so the success path makes no strings.
 */
public record Failure(FailureKind kind, String message) {

    public Failure {
        requireNonNull(kind, "kind");
        requireNonNull(message, "message");
    }

    /** This failure as an exception an inner layer can throw or fail a response with. */
    public FailureException toException() {
        return new FailureException(this);
    }
}
