package io.weft.common.filter;

/**
 * The match operators, with what each answers when the selector names a missing map key (go-bexpr's
 * {@code NotPresentDisposition}: nothing equals, contains or matches a missing key; it is empty and nil).
 */
enum MatchOperator {
    EQUAL("==", false),
    NOT_EQUAL("!=", true),
    IN("in", false),
    NOT_IN("not in", true),
    IS_EMPTY("is empty", true),
    IS_NOT_EMPTY("is not empty", false),
    MATCHES("matches", false),
    NOT_MATCHES("not matches", true),
    IS_NIL("is nil", true),
    IS_NOT_NIL("is not nil", false);

    private final String text;
    private final boolean whenMissing;

    MatchOperator(String text, boolean whenMissing) {
        this.text = text;
        this.whenMissing = whenMissing;
    }

    boolean whenMissing() {
        return whenMissing;
    }

    /** True for the operators that answer the opposite of another one. */
    boolean negated() {
        return this == NOT_EQUAL || this == NOT_IN || this == IS_NOT_EMPTY || this == NOT_MATCHES ||
               this == IS_NOT_NIL;
    }

    @Override
    public String toString() {
        return text;
    }
}
