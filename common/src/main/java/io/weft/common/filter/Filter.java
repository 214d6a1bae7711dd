package io.weft.common.filter;

import static java.util.Objects.requireNonNull;

/**
 * A parsed filter expression in Consul's language (go-bexpr):
 *
 * <pre>{@code
 * Filter f = Filter.parse("Service.Meta.version == v2 and \"canary\" in Service.Tags");
 * f.test(Map.of("Service", Map.of("Meta", Map.of("version", "v2"), "Tags", List.of("canary"))));  // true
 * }</pre>
 *
 * <p>Operators: {@code ==}, {@code !=}, {@code in}, {@code not in}, {@code contains},
 * {@code not contains}, {@code matches}, {@code not matches} (a Java regular expression, found anywhere
 * in the value as Go's {@code regexp.Match}), {@code is empty}, {@code is not empty}, {@code is nil},
 * {@code is not nil}; combined with {@code and}, {@code or}, {@code not} (tightest first: {@code not},
 * {@code and}, {@code or}) and parentheses. Selectors are dotted field names ({@code Service.Meta.version}),
 * with {@code ["key"]} for keys that are not identifiers and {@code .0} for list indexes, or a quoted
 * JSON pointer ({@code "/Service/Meta/version"}). A bare word on the value side is a string.
 * A key missing from a map answers as go-bexpr does: it equals, contains and matches nothing and is
 * empty and nil. Immutable and thread-safe.
 */
public final class Filter {
    private final String expression;
    private final Expression tree;

    private Filter(String expression, Expression tree) {
        this.expression = expression;
        this.tree = tree;
    }

    /**
     * Parses {@code expression}; a mistake is a {@link FilterException} naming its column and what was
     * expected there.
     */
    public static Filter parse(String expression) {
        requireNonNull(expression, "expression");
        return new Filter(expression, Parser.parse(expression));
    }

    /**
     * Whether {@code value} (a tree of {@code Map<String, ?>}, {@code List}, {@code String},
     * {@code Number}, {@code Boolean} and {@code null}) passes. Throws {@link FilterException} when a
     * selector does not fit the value: a missing top-level field, {@code contains} on a number, a
     * number compared with a word.
     */
    public boolean test(Object value) {
        requireNonNull(value, "value");
        return tree.test(value);
    }

    /** The expression as given. */
    public String expression() {
        return expression;
    }

    /** The expression with its grouping made explicit, e.g. {@code (a == "1" or (b == "2" and c is empty))}. */
    public String structure() {
        return tree.toString();
    }

    @Override
    public String toString() {
        return expression;
    }
}
