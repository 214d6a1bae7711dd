package io.weft.sidecar.transcoding;

import static java.util.Objects.requireNonNull;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.weft.common.annotation.Nullable;

/**
 * A {@code google.api.http} path template, parsed once and matched against request paths.
 *
 * <pre>
 * Template = "/" Segments [ Verb ] ;
 * Segments = Segment { "/" Segment } ;
 * Segment  = "*" | "**" | LITERAL | Variable ;
 * Variable = "{" FieldPath [ "=" Segments ] "}" ;
 * Verb     = ":" LITERAL ;
 * </pre>
 * {@code {var}} means {@code {var=*}}. At most one {@code **} per template (it matches zero or more
 * segments). Variable values are percent-decoded; a multi-segment value keeps its {@code /}.
 */
final class PathTemplate {

    private enum Kind { LITERAL, WILDCARD, DOUBLE_WILDCARD }

    private record Segment(Kind kind, String literal) {}

    /** A variable covering template segments [start, end). */
    private record Variable(String fieldPath, int start, int end) {}

    private final String template;
    private final List<Segment> segments;
    private final List<Variable> variables;
    @Nullable
    private final String verb;
    private final int doubleWildcard;

    private PathTemplate(String template, List<Segment> segments, List<Variable> variables,
                         @Nullable String verb) {
        this.template = template;
        this.segments = List.copyOf(segments);
        this.variables = List.copyOf(variables);
        this.verb = verb;
        int dw = -1;
        for (int i = 0; i < segments.size(); i++) {
            if (segments.get(i).kind == Kind.DOUBLE_WILDCARD) {
                if (dw >= 0) {
                    throw new IllegalArgumentException(
                            "path template " + template + ": more than one '**' (expected: at most one)");
                }
                dw = i;
            }
        }
        doubleWildcard = dw;
    }

    /**
     * Parses {@code template}.
     *
     * @throws IllegalArgumentException naming the template and what is wrong with it
     */
    static PathTemplate parse(String template) {
        requireNonNull(template, "template");
        return new Parser(template).parse();
    }

    /** The field paths bound by variables, e.g. {@code ["a", "b.c"]}. */
    List<String> fieldPaths() {
        return variables.stream().map(Variable::fieldPath).toList();
    }

    /** Literal segments count; more literals = a more specific template. */
    int specificity() {
        return (int) segments.stream().filter(s -> s.kind == Kind.LITERAL).count() * 2 +
               (doubleWildcard < 0 ? 1 : 0);
    }

    /**
     * Matches a raw (still percent-encoded) request path without its query.
     *
     * @return the variable values by field path, or {@code null} if the path does not match
     * @throws IllegalArgumentException if a matched variable has a malformed percent-encoding
     */
    @Nullable
    Map<String, String> match(String rawPath) {
        if (!rawPath.startsWith("/")) {
            return null;
        }
        String path = rawPath.substring(1);
        if (verb != null) {
            final String suffix = ':' + verb;
            if (!path.endsWith(suffix)) {
                return null;
            }
            path = path.substring(0, path.length() - suffix.length());
        }
        final String[] parts = path.split("/", -1);
        final int n = parts.length;
        final int m = segments.size();
        if (doubleWildcard < 0 ? n != m : n < m - 1) {
            return null;
        }
        final int extra = n - m; // segments swallowed by '**' beyond one
        for (int i = 0; i < m; i++) {
            final Segment segment = segments.get(i);
            if (i == doubleWildcard) {
                continue;
            }
            final String part = parts[firstRequestIndex(i, extra)];
            if (segment.kind == Kind.LITERAL ? !segment.literal.equals(part) : part.isEmpty()) {
                return null;
            }
        }
        final Map<String, String> values = new LinkedHashMap<>();
        for (Variable variable : variables) {
            final int from = firstRequestIndex(variable.start, extra);
            final int to = firstRequestIndex(variable.end - 1, extra) + width(variable.end - 1, extra);
            final List<String> decoded = new ArrayList<>(to - from);
            for (int i = from; i < to; i++) {
                decoded.add(decode(parts[i]));
            }
            values.put(variable.fieldPath, String.join("/", decoded));
        }
        return values;
    }

    /** Where template segment {@code i} starts in the request when '**' took {@code extra + 1} parts. */
    private int firstRequestIndex(int i, int extra) {
        return doubleWildcard >= 0 && i > doubleWildcard ? i + extra : i;
    }

    /** How many request segments template segment {@code i} covers. */
    private int width(int i, int extra) {
        return i == doubleWildcard ? extra + 1 : 1;
    }

    private static String decode(String segment) {
        // Path segments: '+' is a plus, not a space.
        return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return template;
    }

    private static final class Parser {
        private final String template;
        private int pos;
        private final List<Segment> segments = new ArrayList<>();
        private final List<Variable> variables = new ArrayList<>();

        Parser(String template) {
            this.template = template;
        }

        PathTemplate parse() {
            expect('/');
            parseSegments(false);
            String verb = null;
            if (pos < template.length() && template.charAt(pos) == ':') {
                pos++;
                verb = literal();
            }
            if (pos != template.length()) {
                throw error("unexpected '" + template.charAt(pos) + "' at index " + pos);
            }
            return new PathTemplate(template, segments, variables, verb);
        }

        private void parseSegments(boolean inVariable) {
            do {
                parseSegment(inVariable);
            } while (consume('/'));
        }

        private void parseSegment(boolean inVariable) {
            if (consume('{')) {
                if (inVariable) {
                    throw error("nested variable at index " + (pos - 1));
                }
                final int nameStart = pos;
                while (pos < template.length() && "=}".indexOf(template.charAt(pos)) < 0) {
                    pos++;
                }
                final String fieldPath = template.substring(nameStart, pos);
                if (!fieldPath.matches("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)*")) {
                    throw error("variable name '" + fieldPath + "' (expected: a field path like a.b_c)");
                }
                final int start = segments.size();
                if (consume('=')) {
                    parseSegments(true);
                } else {
                    segments.add(new Segment(Kind.WILDCARD, null));
                }
                expect('}');
                variables.add(new Variable(fieldPath, start, segments.size()));
            } else if (template.startsWith("**", pos)) {
                pos += 2;
                segments.add(new Segment(Kind.DOUBLE_WILDCARD, null));
            } else if (consume('*')) {
                segments.add(new Segment(Kind.WILDCARD, null));
            } else {
                segments.add(new Segment(Kind.LITERAL, literal()));
            }
        }

        private String literal() {
            final int start = pos;
            while (pos < template.length() && "/{}*:=".indexOf(template.charAt(pos)) < 0) {
                pos++;
            }
            if (start == pos) {
                throw error(pos < template.length() ? "unexpected '" + template.charAt(pos) + "' at index " + pos
                                                    : "unexpected end");
            }
            return template.substring(start, pos);
        }

        private boolean consume(char c) {
            if (pos < template.length() && template.charAt(pos) == c) {
                pos++;
                return true;
            }
            return false;
        }

        private void expect(char c) {
            if (!consume(c)) {
                throw error("expected '" + c + "' at index " + pos);
            }
        }

        private IllegalArgumentException error(String problem) {
            return new IllegalArgumentException("path template " + template + ": " + problem);
        }
    }
}
