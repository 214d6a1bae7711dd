package io.weft.sidecar.failure;

/**
 * Carries a {@link Failure} out of an inner layer to its listener's {@link FailureRescue}. It has no stack
 * trace: it is an answer, not a bug, and filling one in per denied or misrouted request costs time.
 */
public final class FailureException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient Failure failure;

    FailureException(Failure failure) {
        super(failure.kind() + ": " + failure.message(), null, false, false);
        this.failure = failure;
    }

    public Failure failure() {
        return failure;
    }
}
