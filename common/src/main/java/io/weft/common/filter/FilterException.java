package io.weft.common.filter;

/**
 * A filter that cannot be parsed (with the 1-based column where parsing stopped) or cannot be
 * evaluated against a value (column 0: the expression is well-formed, the data does not fit it).
 */
public final class FilterException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final int column;

    FilterException(String message, int column) {
        super(message);
        this.column = column;
    }

    /** The 1-based column of the mistake in the expression; 0 for an evaluation error. */
    public int column() {
        return column;
    }
}
