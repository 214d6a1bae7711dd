package io.weft.common.filter;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import io.weft.common.annotation.Nullable;

/**
 * A recursive-descent parser for go-bexpr's grammar ({@code grammar/grammar.peg}), precedence from
 * loosest to tightest: {@code or}, {@code and}, {@code not}, parentheses, a match. Keywords are
 * separated by whitespace; {@code ==} and {@code !=} need none. The {@code any}/{@code all}
 * collection expressions are not supported and are reported as such.
 */
final class Parser {
    private final String s;
    private int pos;

    private Parser(String s) {
        this.s = s;
    }

    static Expression parse(String expression) {
        final Parser p = new Parser(expression);
        p.skipSpace();
        if (p.atEnd()) {
            throw p.error("expected an expression, found nothing");
        }
        final Expression e = p.or();
        p.skipSpace();
        if (!p.atEnd()) {
            throw p.error(p.peek() == ')' ? "unmatched ')'" : "expected \"and\", \"or\" or the end, found " + p.found());
        }
        return e;
    }

    private Expression or() {
        final Expression left = and();
        final int save = pos;
        if (spaceThenKeyword("or")) {
            return new Expression.Or(left, or());
        }
        pos = save;
        return left;
    }

    private Expression and() {
        final Expression left = not();
        final int save = pos;
        if (spaceThenKeyword("and")) {
            return new Expression.And(left, and());
        }
        pos = save;
        return left;
    }

    private Expression not() {
        if (keyword("not")) {
            final Expression operand = not();
            // "not not x" is x, as go-bexpr simplifies it.
            return operand instanceof Expression.Not n ? n.operand() : new Expression.Not(operand);
        }
        return parenthesized();
    }

    private Expression parenthesized() {
        if (peek() != '(') {
            return match();
        }
        final int open = pos;
        pos++;
        skipSpace();
        final Expression e = or();
        skipSpace();
        if (peek() != ')') {
            throw new FilterException(where(open) + "unmatched '(' (expected ')' at column " + (pos + 1) +
                                      ", found " + found() + ')', open + 1);
        }
        pos++;
        return e;
    }

    private Expression match() {
        final int start = pos;
        if ((keywordAhead("any") || keywordAhead("all"))) {
            throw error("collection expressions (any/all ... as ...) are not supported");
        }
        if (peek() == '"' && pos + 1 < s.length() && s.charAt(pos + 1) == '/') {
            // A JSON-pointer selector ("/Service/Meta/version") unless it is the value of "in".
            final String pointer = string();
            final int afterString = pos;
            final Expression e = selectorOperator(jsonPointer(pointer, start));
            if (e != null) {
                return e;
            }
            pos = afterString;
            return valueInSelector(pointer, start);
        }
        if (isLetter(peek())) {
            final Selector selector = selector();
            final int afterSelector = pos;
            final Expression e = selectorOperator(selector);
            if (e != null) {
                return e;
            }
            pos = afterSelector;
            if (inOperator() != null) {
                pos = afterSelector;
                // A bare word on the left of "in" is a value: v1 in Service.Tags.
                return valueInSelector(selector.text(), start);
            }
            throw error("expected an operator (==, !=, contains, not contains, matches, not matches, " +
                        "is empty, is not empty, is nil, is not nil) after " + selector + ", found " + found());
        }
        if (peek() == '"' || peek() == '`' || peek() == '-' || isDigit(peek())) {
            return valueInSelector(literal(), start);
        }
        throw error("expected a selector, a value or '(', found " + found());
    }

    /** After a selector: the binary operators with a value and the unary ones; null when none follows. */
    @Nullable
    private Expression selectorOperator(Selector selector) {
        final int save = pos;
        skipSpace();
        if (s.startsWith("==", pos) || s.startsWith("!=", pos)) {
            final MatchOperator op = s.charAt(pos) == '=' ? MatchOperator.EQUAL : MatchOperator.NOT_EQUAL;
            pos += 2;
            skipSpace();
            return new Expression.Match(selector, op, value(op), null);
        }
        pos = save;
        if (!skipSpace()) {
            return null;
        }
        final MatchOperator op;
        if (keyword("contains")) {
            op = MatchOperator.IN;
        } else if (keyword("matches")) {
            op = MatchOperator.MATCHES;
        } else if (keyword("is")) {
            if (keyword("empty")) {
                return new Expression.Match(selector, MatchOperator.IS_EMPTY, null, null);
            }
            if (keyword("nil")) {
                return new Expression.Match(selector, MatchOperator.IS_NIL, null, null);
            }
            if (keyword("not")) {
                if (keyword("empty")) {
                    return new Expression.Match(selector, MatchOperator.IS_NOT_EMPTY, null, null);
                }
                if (keyword("nil")) {
                    return new Expression.Match(selector, MatchOperator.IS_NOT_NIL, null, null);
                }
            }
            throw error("expected \"empty\", \"not empty\", \"nil\" or \"not nil\" after \"is\", found " + found());
        } else if (keyword("not")) {
            if (keyword("contains")) {
                op = MatchOperator.NOT_IN;
            } else if (keyword("matches")) {
                op = MatchOperator.NOT_MATCHES;
            } else {
                pos = save;
                return null;
            }
        } else {
            pos = save;
            return null;
        }
        final int valueColumn = column();
        final String value = value(op);
        final Pattern pattern = op == MatchOperator.MATCHES || op == MatchOperator.NOT_MATCHES
                                ? regex(value, valueColumn) : null;
        return new Expression.Match(selector, op, value, pattern);
    }

    private Expression valueInSelector(String value, int start) {
        final int save = pos;
        final MatchOperator op = inOperator();
        if (op == null) {
            pos = save;
            skipSpace();
            throw error("expected \"in\" or \"not in\" after the value " + Selector.quote(value) + ", found " + found());
        }
        if (!isLetter(peek()) && !(peek() == '"' && pos + 1 < s.length() && s.charAt(pos + 1) == '/')) {
            throw error("expected a selector after \"" + op + "\", found " + found());
        }
        final Selector selector = peek() == '"' ? jsonPointer(string(), pos) : selector();
        return new Expression.Match(selector, op, value, null);
    }

    /** " in " or " not in " (with the spaces), or null. */
    @Nullable
    private MatchOperator inOperator() {
        if (!skipSpace()) {
            return null;
        }
        if (keyword("in")) {
            return MatchOperator.IN;
        }
        final int save = pos;
        if (keyword("not") && keyword("in")) {
            return MatchOperator.NOT_IN;
        }
        pos = save;
        return null;
    }

    private String value(MatchOperator op) {
        if (atEnd()) {
            throw error("expected a value after \"" + op + "\", found the end");
        }
        if (isLetter(peek())) {
            // A bare word is a string: Service.Meta.version == v1.
            return selector().text();
        }
        if (peek() == '"' || peek() == '`' || peek() == '-' || isDigit(peek())) {
            return literal();
        }
        throw error("expected a value after \"" + op + "\", found " + found());
    }

    private String literal() {
        if (peek() == '"' || peek() == '`') {
            return string();
        }
        final int start = pos;
        if (peek() == '-') {
            pos++;
        }
        if (peek() == '0') {
            pos++;
        } else if (isDigit(peek())) {
            while (isDigit(peek())) {
                pos++;
            }
        } else {
            throw error("invalid number literal");
        }
        if (peek() == '.') {
            pos++;
            if (!isDigit(peek())) {
                throw error("invalid number literal");
            }
            while (isDigit(peek())) {
                pos++;
            }
        }
        if (!atEnd() && !Character.isWhitespace(peek()) && peek() != ')') {
            throw error("invalid number literal");
        }
        return s.substring(start, pos);
    }

    /** A "double-quoted" (Go escapes) or `raw` string; like go-bexpr, a double quote always ends it. */
    private String string() {
        final int start = pos;
        final char quote = s.charAt(pos++);
        final int end = s.indexOf(quote, pos);
        if (end < 0) {
            throw new FilterException(where(start) + "unterminated string literal", start + 1);
        }
        final String body = s.substring(pos, end);
        pos = end + 1;
        return quote == '`' ? body : unescape(body, start + 1);
    }

    private Selector selector() {
        final int start = pos;
        final List<String> path = new ArrayList<>();
        path.add(identifier());
        while (true) {
            if (peek() == '.' && pos + 1 < s.length() && isLetter(s.charAt(pos + 1))) {
                pos++;
                path.add(identifier());
            } else if (peek() == '.' && pos + 1 < s.length() && isDigit(s.charAt(pos + 1))) {
                pos++;
                final int from = pos;
                while (isDigit(peek())) {
                    pos++;
                }
                path.add(s.substring(from, pos));
            } else if (peek() == '[') {
                final int open = pos;
                pos++;
                skipSpace();
                if (peek() != '"' && peek() != '`') {
                    throw error("invalid index: expected a quoted string after '['");
                }
                path.add(string());
                skipSpace();
                if (peek() != ']') {
                    throw new FilterException(where(open) + "unclosed index expression", open + 1);
                }
                pos++;
            } else {
                return new Selector(path, s.substring(start, pos));
            }
        }
    }

    private Selector jsonPointer(String pointer, int start) {
        final List<String> path = new ArrayList<>();
        for (String part : pointer.substring(1).split("/", -1)) {
            if (part.isEmpty()) {
                throw new FilterException(where(start) + "invalid JSON pointer selector " + Selector.quote(pointer),
                                          start + 1);
            }
            path.add(part.replace("~1", "/").replace("~0", "~"));
        }
        return new Selector(path, Selector.quote(pointer));
    }

    private String identifier() {
        final int start = pos;
        if (!isLetter(peek())) {
            throw error("expected a field name, found " + found());
        }
        while (isLetter(peek()) || isDigit(peek()) || peek() == '_' || peek() == '/') {
            pos++;
        }
        return s.substring(start, pos);
    }

    /** Compiles a regular expression of a "matches" operand, reporting its column. */
    private static Pattern regex(String value, int column) {
        try {
            return Pattern.compile(value);
        } catch (PatternSyntaxException e) {
            throw new FilterException(where(column - 1) + "invalid regular expression " + Selector.quote(value) +
                                      ": " + e.getDescription(), column);
        }
    }

    private int column() {
        return pos + 1;
    }

    // ---- lexical helpers ----

    /** Consumes {@code word} when it stands here as a whole word followed by whitespace or the end. */
    private boolean keyword(String word) {
        if (!keywordAhead(word)) {
            return false;
        }
        pos += word.length();
        skipSpace();
        return true;
    }

    private boolean keywordAhead(String word) {
        if (!s.startsWith(word, pos)) {
            return false;
        }
        final int after = pos + word.length();
        return after == s.length() ? !"not".equals(word) : Character.isWhitespace(s.charAt(after));
    }

    /** Whitespace then a keyword with whitespace after it. */
    private boolean spaceThenKeyword(String word) {
        if (!skipSpace()) {
            return false;
        }
        final int at = pos;
        if (s.startsWith(word, pos) && pos + word.length() == s.length()) {
            pos = s.length();
            throw error("expected an expression after \"" + word + "\", found the end");
        }
        if (keywordAhead(word) && pos + word.length() < s.length()) {
            pos = at + word.length();
            return skipSpace();
        }
        return false;
    }

    private boolean skipSpace() {
        final int start = pos;
        while (!atEnd() && Character.isWhitespace(s.charAt(pos))) {
            pos++;
        }
        return pos > start;
    }

    private boolean atEnd() {
        return pos >= s.length();
    }

    private char peek() {
        return atEnd() ? '\0' : s.charAt(pos);
    }

    private String found() {
        if (atEnd()) {
            return "the end";
        }
        final int end = Math.min(s.length(), pos + 12);
        return Selector.quote(s.substring(pos, end) + (end < s.length() ? "..." : ""));
    }

    private FilterException error(String message) {
        return new FilterException(where(pos) + message, pos + 1);
    }

    private static String where(int index) {
        return "column " + (index + 1) + ": ";
    }

    private static boolean isLetter(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** Go's escapes in a double-quoted string ({@code strconv.Unquote}). */
    private static String unescape(String body, int column) {
        if (body.indexOf('\\') < 0) {
            return body;
        }
        final StringBuilder b = new StringBuilder();
        for (int i = 0; i < body.length(); i++) {
            final char c = body.charAt(i);
            if (c != '\\') {
                b.append(c);
                continue;
            }
            if (++i == body.length()) {
                throw new FilterException(where(column - 1) + "invalid escape at the end of a string", column);
            }
            final char e = body.charAt(i);
            switch (e) {
                case 'n' -> b.append('\n');
                case 't' -> b.append('\t');
                case 'r' -> b.append('\r');
                case 'a' -> b.append('\u0007');
                case 'b' -> b.append('\b');
                case 'f' -> b.append('\f');
                case 'v' -> b.append('\u000b');
                case '\\' -> b.append('\\');
                case 'x', 'u', 'U' -> {
                    final int digits = e == 'x' ? 2 : e == 'u' ? 4 : 8;
                    try {
                        b.appendCodePoint(Integer.parseInt(body.substring(i + 1, i + 1 + digits), 16));
                    } catch (RuntimeException ex) {
                        throw new FilterException(where(column - 1) + "invalid \\" + e + " escape in a string", column);
                    }
                    i += digits;
                }
                default -> throw new FilterException(
                        where(column - 1) + "invalid escape \\" + e + " in a string", column);
            }
        }
        return b.toString();
    }
}
