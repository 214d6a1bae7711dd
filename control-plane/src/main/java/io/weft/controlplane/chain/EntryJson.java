package io.weft.controlplane.chain;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import io.weft.common.annotation.Nullable;
import io.weft.common.consul.GoDuration;

/**
 * Reads one config entry's JSON as Consul decodes it: field names match case-insensitively (Go's
 * {@code encoding/json}) or by their snake_case alias ({@code PathPrefix} or {@code path_prefix}, as
 * Consul's decoder accepts), durations are Go strings ({@code "1.5s"}) or nanoseconds. A missing field
 * reads as empty. Every error names the entry and the field.
 */
final class EntryJson {
    private final JsonNode node;
    private final String entry; // service-router "sum"
    private final String path;  // where in the entry this object is: "Routes[0] Destination ", or ""

    private EntryJson(JsonNode node, String entry, String path) {
        this.node = node;
        this.entry = entry;
        this.path = path;
    }

    static EntryJson of(JsonNode node, String entry) throws ChainException {
        if (!node.isObject()) {
            throw new ChainException(entry + ": expected a JSON object, got " + node.getNodeType());
        }
        return new EntryJson(node, entry, "");
    }

    String text(String name) throws ChainException {
        final JsonNode v = field(name);
        if (v == null || v.isNull()) {
            return "";
        }
        if (!v.isTextual()) {
            throw error(name, "expected a string, got " + v);
        }
        return v.asText();
    }

    boolean bool(String name) throws ChainException {
        final JsonNode v = field(name);
        if (v == null || v.isNull()) {
            return false;
        }
        if (!v.isBoolean()) {
            throw error(name, "expected true or false, got " + v);
        }
        return v.asBoolean();
    }

    double number(String name) throws ChainException {
        final JsonNode v = field(name);
        if (v == null || v.isNull()) {
            return 0;
        }
        if (!v.isNumber()) {
            throw error(name, "expected a number, got " + v);
        }
        return v.asDouble();
    }

    long unsigned(String name) throws ChainException {
        final JsonNode v = field(name);
        if (v == null || v.isNull()) {
            return 0;
        }
        if (!v.canConvertToLong() || v.asLong() < 0 || !v.isIntegralNumber()) {
            throw error(name, "expected a non-negative integer, got " + v);
        }
        return v.asLong();
    }

    Duration duration(String name) throws ChainException {
        final JsonNode v = field(name);
        if (v == null || v.isNull()) {
            return Duration.ZERO;
        }
        if (v.isIntegralNumber()) {
            return Duration.ofNanos(v.asLong());
        }
        if (!v.isTextual()) {
            throw error(name, "expected a duration such as \"15s\", got " + v);
        }
        if (v.asText().isEmpty()) {
            return Duration.ZERO;
        }
        try {
            return GoDuration.parse(v.asText());
        } catch (IllegalArgumentException e) {
            throw error(name, e.getMessage());
        }
    }

    @Nullable
    EntryJson object(String name) throws ChainException {
        final JsonNode v = field(name);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isObject()) {
            throw error(name, "expected an object, got " + v);
        }
        return new EntryJson(v, entry, path + name + ' ');
    }

    List<EntryJson> objects(String name) throws ChainException {
        final JsonNode v = array(name);
        final List<EntryJson> out = new ArrayList<>(v.size());
        for (int i = 0; i < v.size(); i++) {
            final JsonNode item = v.get(i);
            if (!item.isObject()) {
                throw error(name + '[' + i + ']', "expected an object, got " + item);
            }
            out.add(new EntryJson(item, entry, path + name + '[' + i + "] "));
        }
        return out;
    }

    List<String> texts(String name) throws ChainException {
        final JsonNode v = array(name);
        final List<String> out = new ArrayList<>(v.size());
        for (int i = 0; i < v.size(); i++) {
            if (!v.get(i).isTextual()) {
                throw error(name + '[' + i + ']', "expected a string, got " + v.get(i));
            }
            out.add(v.get(i).asText());
        }
        return List.copyOf(out);
    }

    List<Long> unsigneds(String name) throws ChainException {
        final JsonNode v = array(name);
        final List<Long> out = new ArrayList<>(v.size());
        for (int i = 0; i < v.size(); i++) {
            if (!v.get(i).isIntegralNumber() || v.get(i).asLong() < 0) {
                throw error(name + '[' + i + ']', "expected a non-negative integer, got " + v.get(i));
            }
            out.add(v.get(i).asLong());
        }
        return List.copyOf(out);
    }

    Map<String, String> textMap(String name) throws ChainException {
        final Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : entries(name)) {
            if (!e.getValue().isTextual()) {
                throw error(name + '.' + e.getKey(), "expected a string, got " + e.getValue());
            }
            out.put(e.getKey(), e.getValue().asText());
        }
        return out;
    }

    Map<String, EntryJson> objectMap(String name) throws ChainException {
        final Map<String, EntryJson> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : entries(name)) {
            if (!e.getValue().isObject()) {
                throw error(name + '[' + e.getKey() + ']', "expected an object, got " + e.getValue());
            }
            out.put(e.getKey(), new EntryJson(e.getValue(), entry, path + name + "[\"" + e.getKey() + "\"] "));
        }
        return out;
    }

    /** A problem with one field: named by its path in the entry. */
    ChainException error(String field, String problem) {
        return new ChainException(entry + ": " + path + field + ": " + problem);
    }

    /** A problem Consul words itself (its messages say where, e.g. "Route[0] ..."): named by entry only. */
    ChainException error(String problem) {
        return new ChainException(entry + ": " + problem);
    }

    private List<Map.Entry<String, JsonNode>> entries(String name) throws ChainException {
        final JsonNode v = field(name);
        final List<Map.Entry<String, JsonNode>> out = new ArrayList<>();
        if (v == null || v.isNull()) {
            return out;
        }
        if (!v.isObject()) {
            throw error(name, "expected an object, got " + v);
        }
        v.fields().forEachRemaining(out::add);
        return out;
    }

    private JsonNode array(String name) throws ChainException {
        final JsonNode v = field(name);
        if (v == null || v.isNull()) {
            return com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.arrayNode();
        }
        if (!v.isArray()) {
            throw error(name, "expected an array, got " + v);
        }
        return v;
    }

    /** {@code name} is Consul's field name; its alias is the snake_case form, matched the same way. */
    @Nullable
    private JsonNode field(String name) {
        final String alias = snakeCase(name);
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            final Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().equalsIgnoreCase(name) || e.getKey().equalsIgnoreCase(alias)) {
                return e.getValue();
            }
        }
        return null;
    }

    private static String snakeCase(String name) {
        final StringBuilder b = new StringBuilder(name.length() + 4);
        for (int i = 0; i < name.length(); i++) {
            final char c = name.charAt(i);
            if (Character.isUpperCase(c) && i > 0 && !Character.isUpperCase(name.charAt(i - 1))) {
                b.append('_');
            }
            b.append(Character.toLowerCase(c));
        }
        return b.toString();
    }
}
