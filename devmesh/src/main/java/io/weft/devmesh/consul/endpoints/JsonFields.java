package io.weft.devmesh.consul.endpoints;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import io.weft.common.annotation.Nullable;
import io.weft.common.consul.GoDuration;

/**
 * Reads one JSON object the way Consul decodes request bodies: keys match case-insensitively and
 * in snake_case ({@code deregister_critical_service_after}), unknown keys are ignored, and a value
 * of the wrong type fails with Go's {@code json: cannot unmarshal ...} message.
 */
final class JsonFields {
    private final String goType;
    private final Map<String, JsonNode> fields = new HashMap<>();

    JsonFields(JsonNode object, String goType) {
        this.goType = goType;
        if (!object.isObject()) {
            throw new DecodeException("json: cannot unmarshal " + jsonType(object) + " into Go value of type " +
                                      goType);
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext();) {
            final Map.Entry<String, JsonNode> e = it.next();
            fields.put(normalize(e.getKey()), e.getValue());
        }
    }

    boolean has(String name) {
        final JsonNode v = fields.get(normalize(name));
        return v != null && !v.isNull();
    }

    @Nullable
    JsonNode raw(String name) {
        final JsonNode v = fields.get(normalize(name));
        return v == null || v.isNull() ? null : v;
    }

    String string(String name) {
        final JsonNode v = raw(name);
        if (v == null) {
            return "";
        }
        if (!v.isTextual()) {
            throw mismatch(name, v, "string");
        }
        return v.asText();
    }

    int integer(String name) {
        final JsonNode v = raw(name);
        if (v == null) {
            return 0;
        }
        if (!v.isIntegralNumber() || !v.canConvertToInt()) {
            throw mismatch(name, v, "int");
        }
        return v.asInt();
    }

    boolean bool(String name) {
        final JsonNode v = raw(name);
        if (v == null) {
            return false;
        }
        if (!v.isBoolean()) {
            throw mismatch(name, v, "bool");
        }
        return v.asBoolean();
    }

    List<String> strings(String name) {
        final JsonNode v = raw(name);
        if (v == null) {
            return List.of();
        }
        if (!v.isArray()) {
            throw mismatch(name, v, "[]string");
        }
        final List<String> out = new ArrayList<>();
        for (JsonNode item : v) {
            if (!item.isTextual()) {
                throw mismatch(name, item, "string");
            }
            out.add(item.asText());
        }
        return out;
    }

    @Nullable
    Map<String, String> stringMap(String name) {
        final JsonNode v = raw(name);
        if (v == null) {
            return null;
        }
        if (!v.isObject()) {
            throw mismatch(name, v, "map[string]string");
        }
        final Map<String, String> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext();) {
            final Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().isTextual()) {
                throw mismatch(name, e.getValue(), "string");
            }
            out.put(e.getKey(), e.getValue().asText());
        }
        return out;
    }

    Map<String, List<String>> stringListMap(String name) {
        final JsonNode v = raw(name);
        if (v == null) {
            return Map.of();
        }
        if (!v.isObject()) {
            throw mismatch(name, v, "map[string][]string");
        }
        final Map<String, List<String>> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext();) {
            final Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().isArray()) {
                throw mismatch(name, e.getValue(), "[]string");
            }
            final List<String> values = new ArrayList<>();
            for (JsonNode item : e.getValue()) {
                values.add(item.asText());
            }
            out.put(e.getKey(), values);
        }
        return out;
    }

    /** A duration as Consul accepts it: a Go duration string ("10s") or a number of nanoseconds. */
    Duration duration(String name) {
        final JsonNode v = raw(name);
        if (v == null) {
            return Duration.ZERO;
        }
        if (v.isIntegralNumber()) {
            return Duration.ofNanos(v.asLong());
        }
        if (!v.isTextual()) {
            throw mismatch(name, v, "time.Duration");
        }
        if (v.asText().isEmpty()) {
            return Duration.ZERO;
        }
        try {
            return GoDuration.parse(v.asText());
        } catch (IllegalArgumentException e) {
            throw new DecodeException(e.getMessage());
        }
    }

    private DecodeException mismatch(String field, JsonNode value, String expectedGoType) {
        return new DecodeException("json: cannot unmarshal " + jsonType(value) + " into Go struct field " +
                                   goType.substring(goType.indexOf('.') + 1) + '.' + field + " of type " + expectedGoType);
    }

    static String jsonType(JsonNode v) {
        if (v.isTextual()) {
            return "string";
        }
        if (v.isNumber()) {
            return "number";
        }
        if (v.isBoolean()) {
            return "bool";
        }
        if (v.isArray()) {
            return "array";
        }
        return v.isObject() ? "object" : "null";
    }

    private static String normalize(String key) {
        return key.replace("_", "").toLowerCase(Locale.ROOT);
    }

    /** A body Consul could not decode; becomes 400 "Request decode failed: ...". */
    static final class DecodeException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        DecodeException(String message) {
            super(message, null, false, false);
        }
    }
}
