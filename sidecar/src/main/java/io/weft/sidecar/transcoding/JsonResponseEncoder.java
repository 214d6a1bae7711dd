package io.weft.sidecar.transcoding;

import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;

import io.grpc.Status;

/**
 * Prints the app's response messages as proto3 JSON, one line each (compact, so NDJSON stays one
 * message a line): lowerCamelCase names, int64 as strings, fields at their default value omitted
 * unless {@code printDefaults}. With a {@code response_body} rule only that field is printed.
 */
final class JsonResponseEncoder {

    private final JsonFormat.Printer printer;
    private final Descriptor type;
    private final String responseBody;

    JsonResponseEncoder(JsonFormat.TypeRegistry typeRegistry, boolean printDefaults, Descriptor type,
                        String responseBody) {
        final JsonFormat.Printer base = JsonFormat.printer().usingTypeRegistry(typeRegistry)
                                                  .omittingInsignificantWhitespace();
        printer = printDefaults ? base.includingDefaultValueFields() : base;
        this.type = type;
        this.responseBody = responseBody;
    }

    /** The JSON error body for {@code error}, with the app's status details if it sent any. */
    JsonObject errorBody(GrpcCallException error) {
        return JsonErrors.body(error, printer);
    }

    /**
     * @throws GrpcCallException INTERNAL if the bytes are not a {@code type} or cannot be printed
     */
    String encode(byte[] serialized) {
        try {
            final DynamicMessage message = DynamicMessage.parseFrom(type, serialized);
            if (responseBody.isEmpty()) {
                return printer.print(message);
            }
            final FieldDescriptor field = type.findFieldByName(responseBody);
            if (field.getJavaType() == FieldDescriptor.JavaType.MESSAGE && !field.isRepeated()) {
                return printer.print((Message) message.getField(field));
            }
            final JsonElement value = JsonParser.parseString(printer.print(message)).getAsJsonObject()
                                                .get(field.getJsonName());
            return (value == null ? JsonNull.INSTANCE : value).toString();
        } catch (InvalidProtocolBufferException e) {
            throw new GrpcCallException(Status.Code.INTERNAL, "cannot convert the app's " + type.getFullName() +
                                                              " to JSON: " + e.getMessage());
        }
    }
}
