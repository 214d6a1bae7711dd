package io.weft.common.filter;

import java.util.regex.Pattern;

import io.weft.common.annotation.Nullable;

/** The parsed expression tree; {@code and}/{@code or} short-circuit left to right, as go-bexpr. */
sealed interface Expression {
    boolean test(Object root);

    record Or(Expression left, Expression right) implements Expression {
        @Override
        public boolean test(Object root) {
            return left.test(root) || right.test(root);
        }

        @Override
        public String toString() {
            return "(" + left + " or " + right + ')';
        }
    }

    record And(Expression left, Expression right) implements Expression {
        @Override
        public boolean test(Object root) {
            return left.test(root) && right.test(root);
        }

        @Override
        public String toString() {
            return "(" + left + " and " + right + ')';
        }
    }

    record Not(Expression operand) implements Expression {
        @Override
        public boolean test(Object root) {
            return !operand.test(root);
        }

        @Override
        public String toString() {
            return "not " + operand;
        }
    }

    /**
     * {@code selector op value}; {@code value} is the literal's text (null for the unary operators),
     * {@code pattern} the compiled regular expression of {@code matches}.
     */
    record Match(Selector selector, MatchOperator operator, @Nullable String value, @Nullable Pattern pattern)
            implements Expression {
        @Override
        public boolean test(Object root) {
            final Selector.Found found = selector.resolve(root);
            if (!found.present()) {
                return operator.whenMissing();
            }
            final Object v = found.value();
            final boolean result = switch (operator) {
                case EQUAL, NOT_EQUAL -> Values.equal(v, value(), this);
                case IN, NOT_IN -> Values.contains(v, value(), this);
                case IS_EMPTY, IS_NOT_EMPTY -> Values.empty(v, this);
                case MATCHES, NOT_MATCHES -> Values.matches(v, pattern(), this);
                case IS_NIL, IS_NOT_NIL -> v == null;
            };
            return operator.negated() != result;
        }

        @Override
        public String value() {
            assert value != null : "a binary operator always has a value";
            return value;
        }

        @Override
        public Pattern pattern() {
            assert pattern != null : "matches always has a pattern";
            return pattern;
        }

        @Override
        public String toString() {
            return switch (operator) {
                case IN, NOT_IN -> Selector.quote(value()) + ' ' + operator + ' ' + selector;
                case IS_EMPTY, IS_NOT_EMPTY, IS_NIL, IS_NOT_NIL -> selector + " " + operator;
                default -> selector + " " + operator + ' ' + Selector.quote(value());
            };
        }
    }
}
