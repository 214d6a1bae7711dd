package io.weft.common.filter;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import io.weft.common.annotation.Nullable;

/**
 * go-bexpr's comparisons: the literal is coerced to the kind of the value it is compared with
 * (a bool with Go's ParseBool, a number as an integer or a float), strings compare exactly.
 */
final class Values {

    static boolean equal(@Nullable Object value, String literal, Expression.Match m) {
        if (value instanceof String s) {
            return s.equals(literal);
        }
        if (value instanceof Boolean b) {
            return b == parseBool(literal, m);
        }
        if (value instanceof Number n) {
            return number(n).compareTo(parseNumber(literal, m)) == 0;
        }
        throw new FilterException("unable to compare " + m.selector() + " (a " + kind(value) + ") with " +
                                  m.operator() + ": only strings, numbers and booleans compare", 0);
    }

    static boolean contains(@Nullable Object value, String literal, Expression.Match m) {
        if (value instanceof Map<?, ?> map) {
            return map.containsKey(literal);
        }
        if (value instanceof List<?> list) {
            for (Object item : list) {
                if (item != null && !(item instanceof Map) && !(item instanceof List) && equal(item, literal, m)) {
                    return true;
                }
            }
            return false;
        }
        if (value instanceof String s) {
            return s.contains(literal);
        }
        if (value == null) {
            // A nil map or slice in Go: contains nothing.
            return false;
        }
        throw new FilterException("cannot perform in/contains operations on type " + kind(value) +
                                  " for selector: " + Selector.quote(m.selector().text()), 0);
    }

    static boolean empty(@Nullable Object value, Expression.Match m) {
        if (value == null) {
            return true;
        }
        if (value instanceof Map<?, ?> map) {
            return map.isEmpty();
        }
        if (value instanceof List<?> list) {
            return list.isEmpty();
        }
        if (value instanceof String s) {
            return s.isEmpty();
        }
        throw new FilterException("cannot perform is-empty operations on type " + kind(value) +
                                  " for selector: " + Selector.quote(m.selector().text()), 0);
    }

    static boolean matches(@Nullable Object value, Pattern pattern, Expression.Match m) {
        if (value instanceof String s) {
            return pattern.matcher(s).find();
        }
        throw new FilterException("cannot match " + m.selector() + " (a " + kind(value) +
                                  ") against a regular expression: only strings match", 0);
    }

    static String kind(@Nullable Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof Map) {
            return "map";
        }
        if (value instanceof List) {
            return "list";
        }
        if (value instanceof Boolean) {
            return "bool";
        }
        return value instanceof Number ? "number" : "string";
    }

    /** Go's strconv.ParseBool. */
    private static boolean parseBool(String s, Expression.Match m) {
        return switch (s) {
            case "1", "t", "T", "TRUE", "true", "True" -> true;
            case "0", "f", "F", "FALSE", "false", "False" -> false;
            default -> throw new FilterException(
                    "error getting match value in expression: " + m.selector() + " is a bool, " +
                    Selector.quote(s) + " is not (expected: true or false)", 0);
        };
    }

    private static BigDecimal parseNumber(String s, Expression.Match m) {
        try {
            return new BigDecimal(s);
        } catch (NumberFormatException e) {
            throw new FilterException("error getting match value in expression: " + m.selector() +
                                      " is a number, " + Selector.quote(s) + " is not", 0);
        }
    }

    private static BigDecimal number(Number n) {
        return n instanceof BigDecimal b ? b : new BigDecimal(n.toString());
    }

    private Values() {}
}
