package io.weft.sidecar.transcoding;

import java.util.List;
import java.util.Map;

import javax.annotation.Nullable;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;

import com.linecorp.armeria.common.QueryParams;

import io.grpc.Status;

/**
 * Builds the request message of a JSON call from its body, path variables and query parameters.
 *
 * <p>Everything goes through {@link JsonFormat}'s parser, so path and query values get exactly the
 * proto3 JSON mapping (int64 from {@code "42"}, enums by name, Timestamps from RFC 3339...): they
 * are gathered into a JSON object of strings ({@code {"a":{"b":"v"}}}) and merged after the body,
 * path last, so the path wins. Unknown fields are rejected, naming them.
 */
final class JsonRequestDecoder {

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
        final DynamicMessage.Builder builder = DynamicMessage.newBuilder(type);
        final HttpBinding binding = route.binding();
        final String bodyField = binding == null ? "*" : binding.body();
        if (!bodyField.isEmpty() && !body.isBlank()) {
            merge("request body", "*".equals(bodyField) ? body : wrap(type, bodyField, body), builder);
        }
        if (binding != null) {
            if (!query.isEmpty()) {
                if ("*".equals(bodyField)) {
                    throw invalid("query parameter " + query.names().iterator().next() +
                                  ": not accepted, the request body carries every field (body: \"*\")");
                }
                merge("query parameters", queryJson(type, query), builder);
            }
            merge("path " + binding.path(), pathJson(route.pathVariables()), builder);
        }
        return builder.build();
    }

    private void merge(String what, String json, DynamicMessage.Builder builder) {
        try {
            parser.merge(json, builder);
        } catch (InvalidProtocolBufferException e) {
            throw invalid(what + ": " + describe(e));
        } catch (RuntimeException e) {
            // Gson and JsonFormat throw a few unchecked exceptions on odd input.
            throw invalid(what + ": " + e.getMessage());
        }
    }

    /** JsonFormat wraps Gson's syntax errors; the innermost message is the one that helps. */
    private static String describe(InvalidProtocolBufferException e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root != e && root.getMessage() != null &&
            (root instanceof java.io.IOException || root.getClass().getName().startsWith("com.google.gson"))) {
            final String message = root.getMessage();
            final int troubleshooting = message.indexOf("\nSee ");
            return "malformed JSON: " + (troubleshooting < 0 ? message : message.substring(0, troubleshooting));
        }
        return e.getMessage();
    }

    /** {@code body: "field"}: the body is that field's JSON value. */
    private static String wrap(Descriptor type, String fieldName, String body) {
        final FieldDescriptor field = type.findFieldByName(fieldName);
        return "{\"" + field.getJsonName() + "\":" + body + '}';
    }

    private static String pathJson(Map<String, String> variables) {
        final JsonObject root = new JsonObject();
        variables.forEach((fieldPath, value) -> put(root, fieldPath.split("\\."), new JsonPrimitive(value)));
        return root.toString();
    }

    private static String queryJson(Descriptor type, QueryParams query) {
        final JsonObject root = new JsonObject();
        for (String name : query.names()) {
            final String[] protoPath = resolve(type, name);
            final FieldDescriptor leaf = leaf(type, protoPath);
            final List<String> values = query.getAll(name);
            final JsonElement value;
            if (leaf.isRepeated()) {
                final JsonArray array = new JsonArray();
                values.forEach(array::add);
                value = array;
            } else {
                if (values.size() > 1) {
                    throw invalid("query parameter " + name + ": " + values.size() +
                                  " values for a singular field (expected: one)");
                }
                value = new JsonPrimitive(values.get(0));
            }
            put(root, protoPath, value);
        }
        return root.toString();
    }

    /** Maps a query parameter name ({@code a.b}, proto or JSON names) to proto field names. */
    private static String[] resolve(Descriptor type, String name) {
        final String[] parts = name.split("\\.", -1);
        final String[] protoPath = new String[parts.length];
        Descriptor current = type;
        for (int i = 0; i < parts.length; i++) {
            final FieldDescriptor field = current == null ? null : findField(current, parts[i]);
            if (field == null) {
                throw invalid("query parameter " + name + ": no such field in " + type.getFullName());
            }
            protoPath[i] = field.getName();
            current = field.getJavaType() == FieldDescriptor.JavaType.MESSAGE && !field.isRepeated()
                      ? field.getMessageType() : null;
        }
        return protoPath;
    }

    private static FieldDescriptor leaf(Descriptor type, String[] protoPath) {
        Descriptor current = type;
        FieldDescriptor field = null;
        for (String name : protoPath) {
            field = current.findFieldByName(name);
            current = field.getJavaType() == FieldDescriptor.JavaType.MESSAGE ? field.getMessageType() : null;
        }
        return field;
    }

    @Nullable
    private static FieldDescriptor findField(Descriptor type, String name) {
        final FieldDescriptor byName = type.findFieldByName(name);
        if (byName != null) {
            return byName;
        }
        return type.getFields().stream().filter(f -> f.getJsonName().equals(name)).findFirst().orElse(null);
    }

    private static void put(JsonObject root, String[] path, JsonElement value) {
        JsonObject current = root;
        for (int i = 0; i < path.length - 1; i++) {
            final JsonElement child = current.get(path[i]);
            if (child instanceof JsonObject object) {
                current = object;
            } else {
                final JsonObject created = new JsonObject();
                current.add(path[i], created);
                current = created;
            }
        }
        current.add(path[path.length - 1], value);
    }

    private static GrpcCallException invalid(String message) {
        return new GrpcCallException(Status.Code.INVALID_ARGUMENT, message);
    }
}
