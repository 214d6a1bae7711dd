package io.weft.sidecar.transcoding;

import io.weft.sidecar.failure.FailureKind;
import java.io.IOException;
import java.io.StringReader;
import java.util.List;
import java.util.Map;

import io.weft.common.annotation.Nullable;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonPrimitive;
import com.google.gson.TypeAdapter;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.MalformedJsonException;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;

import com.linecorp.armeria.common.QueryParams;

import io.grpc.Status;

/**
 * Builds the request message of a JSON call from its body, query parameters and path variables.
 *
 * <p>All three are gathered into one JSON tree, path last so it wins ({@code body: "book"} puts the
 * body under {@code "book"}; {@code {book.name}} sets {@code book.name} inside it), and that tree
 * goes through {@link JsonFormat}'s parser once. So path and query values get exactly the proto3
 * JSON mapping (int64 from {@code "42"}, enums by name, Timestamps from RFC 3339...), and unknown
 * fields are rejected, naming them.
 */
final class JsonRequestDecoder {

    private static final TypeAdapter<JsonElement> JSON_ELEMENT = new Gson().getAdapter(JsonElement.class);

    private final JsonFormat.Parser parser;

    JsonRequestDecoder(JsonFormat.TypeRegistry typeRegistry) {
        parser = JsonFormat.parser().usingTypeRegistry(typeRegistry);
    }

    /**
     * Decodes a request.
     *
     * @param route the matched route; for {@code POST /pkg.Service/Method} the body is the message
     * @param body the request body as UTF-8 text, possibly empty
     * @throws GrpcCallException INVALID_ARGUMENT naming what is wrong
     */
    DynamicMessage decode(TranscodingTable.Route route, String body, QueryParams query) {
        final Descriptor type = route.method().getInputType();
        final HttpBinding binding = route.binding();
        final String bodyField = binding == null ? "*" : binding.body();
        JsonElement root = bodyField.isEmpty() || body.isBlank() ? new JsonObject() : parseBody(body);
        if (!bodyField.isEmpty() && !"*".equals(bodyField)) {
            final JsonObject wrapper = new JsonObject();
            wrapper.add(type.findFieldByName(bodyField).getJsonName(), root);
            root = wrapper;
        }
        if (binding != null) {
            if (!query.isEmpty() && "*".equals(bodyField)) {
                throw invalid("query parameter " + query.names().iterator().next() +
                              ": not accepted, the request body carries every field (body: \"*\")");
            }
            for (String name : query.names()) {
                final FieldDescriptor[] fields = resolve(type, name, "query parameter " + name);
                put(root, fields, queryValue(name, fields[fields.length - 1], query.getAll(name)));
            }
            for (Map.Entry<String, String> variable : route.pathVariables().entrySet()) {
                put(root, resolve(type, variable.getKey(), "path variable " + variable.getKey()),
                    new JsonPrimitive(variable.getValue()));
            }
        }
        final DynamicMessage.Builder builder = DynamicMessage.newBuilder(type);
        try {
            parser.merge(root.toString(), builder);
        } catch (InvalidProtocolBufferException | RuntimeException e) {
            throw invalid("invalid " + type.getFullName() + ": " + e.getMessage());
        }
        return builder.build();
    }

    /**
     * Parses strictly: {@code JsonParser.parseString} would accept single quotes, unquoted names
     * and comments. The adapter read directly keeps the reader's default (strict) mode.
     */
    private static JsonElement parseBody(String body) {
        try {
            final JsonReader reader = new JsonReader(new StringReader(body));
            final JsonElement element = JSON_ELEMENT.read(reader);
            if (reader.peek() != JsonToken.END_DOCUMENT) {
                throw new MalformedJsonException("unexpected data after the JSON value at " + reader.getPath());
            }
            return element;
        } catch (IOException | JsonParseException | IllegalStateException e) {
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            final String message = String.valueOf(root.getMessage());
            final int troubleshooting = message.indexOf("\nSee ");
            throw invalid("request body: malformed JSON: " +
                          (troubleshooting < 0 ? message : message.substring(0, troubleshooting)));
        }
    }

    private static JsonElement queryValue(String name, FieldDescriptor field, List<String> values) {
        if (field.isRepeated()) {
            final JsonArray array = new JsonArray();
            values.forEach(array::add);
            return array;
        }
        if (values.size() > 1) {
            throw invalid("query parameter " + name + ": " + values.size() +
                          " values for a singular field (expected: one)");
        }
        return new JsonPrimitive(values.get(0));
    }

    /** Maps {@code a.b} (proto or JSON names) to the fields it names, checking each step. */
    private static FieldDescriptor[] resolve(Descriptor type, String fieldPath, String what) {
        final String[] names = fieldPath.split("\\.", -1);
        final FieldDescriptor[] fields = new FieldDescriptor[names.length];
        Descriptor current = type;
        for (int i = 0; i < names.length; i++) {
            final FieldDescriptor field = current == null ? null : findField(current, names[i]);
            if (field == null) {
                throw invalid(what + ": no such field in " + type.getFullName());
            }
            fields[i] = field;
            current = field.getJavaType() == FieldDescriptor.JavaType.MESSAGE && !field.isRepeated() &&
                      !field.isMapField() ? field.getMessageType() : null;
        }
        return fields;
    }

    @Nullable
    private static FieldDescriptor findField(Descriptor type, String name) {
        final FieldDescriptor byName = type.findFieldByName(name);
        if (byName != null) {
            return byName;
        }
        return type.getFields().stream().filter(f -> f.getJsonName().equals(name)).findFirst().orElse(null);
    }

    /**
     * Sets {@code value} at {@code fields} in {@code root}, keyed by JSON names. A key the body
     * spelled with the proto name is moved to the JSON name first, so the field is not set twice.
     */
    private static void put(JsonElement root, FieldDescriptor[] fields, JsonElement value) {
        if (!root.isJsonObject()) {
            throw invalid("request body: " + root + " (expected: a JSON object)");
        }
        JsonObject current = root.getAsJsonObject();
        for (int i = 0; i < fields.length; i++) {
            final String key = fields[i].getJsonName();
            final JsonElement protoNamed = current.remove(fields[i].getName());
            if (protoNamed != null && !current.has(key)) {
                current.add(key, protoNamed);
            }
            if (i == fields.length - 1) {
                current.add(key, value);
                return;
            }
            final JsonElement child = current.get(key);
            if (child instanceof JsonObject object) {
                current = object;
            } else {
                final JsonObject created = new JsonObject();
                current.add(key, created);
                current = created;
            }
        }
    }

    private static GrpcCallException invalid(String message) {
        return new GrpcCallException(FailureKind.MALFORMED.with(message));
    }
}
