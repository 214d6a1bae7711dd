package io.weft.sidecar.transcoding;

import com.google.api.AnnotationsProto;
import com.google.api.CustomHttpPattern;
import com.google.api.HttpRule;
import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto.Label;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto.Type;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.MethodDescriptorProto;
import com.google.protobuf.DescriptorProtos.MethodOptions;
import com.google.protobuf.DescriptorProtos.ServiceDescriptorProto;

/**
 * A test API with every kind of HTTP rule the transcoder supports, built in code (no protoc):
 * <pre>
 * service test.v1.Library {
 *   GetBook(GetBookRequest) returns (Book)    get: "/v1/{name=shelves/*&#47;books/*}"
 *   UpdateBook(UpdateBookRequest) returns (Book) patch: "/v1/{book.name=shelves/*&#47;books/*}" body: "book"
 *   Publish(GetBookRequest) returns (Book)    custom POST "/v1/{name=**}:publish" body: "*"
 *   Title(GetBookRequest) returns (Book)      get: "/v1/titles/{name}" response_body: "title"
 *   Broken(GetBookRequest) returns (Book)     get: "/v1/{nope}"  (skipped: no such field)
 * }
 * </pre>
 */
final class LibraryDescriptors {

    static final String FILE = "test/v1/library.proto";

    static FileDescriptorProto file() {
        return FileDescriptorProto.newBuilder()
                .setName(FILE).setPackage("test.v1").setSyntax("proto3")
                .addDependency("google/api/annotations.proto")
                .addMessageType(message("Author", field("name", 1, Type.TYPE_STRING),
                                        field("age", 2, Type.TYPE_INT32)))
                .addMessageType(message("Book", field("name", 1, Type.TYPE_STRING),
                                        field("title", 2, Type.TYPE_STRING),
                                        field("tags", 3, Type.TYPE_STRING).setLabel(Label.LABEL_REPEATED),
                                        field("page_count", 4, Type.TYPE_INT64),
                                        messageField("author", 5, ".test.v1.Author")))
                .addMessageType(message("GetBookRequest", field("name", 1, Type.TYPE_STRING),
                                        field("fields", 2, Type.TYPE_STRING).setLabel(Label.LABEL_REPEATED),
                                        messageField("author", 3, ".test.v1.Author"),
                                        field("verbose", 4, Type.TYPE_BOOL)))
                .addMessageType(message("UpdateBookRequest", field("name", 1, Type.TYPE_STRING),
                                        messageField("book", 2, ".test.v1.Book")))
                .addService(ServiceDescriptorProto.newBuilder().setName("Library")
                        .addMethod(method("GetBook", "GetBookRequest",
                                          HttpRule.newBuilder().setGet("/v1/{name=shelves/*/books/*}")))
                        .addMethod(method("UpdateBook", "UpdateBookRequest",
                                          HttpRule.newBuilder().setPatch("/v1/{book.name=shelves/*/books/*}")
                                                  .setBody("book")))
                        .addMethod(method("Publish", "GetBookRequest",
                                          HttpRule.newBuilder().setCustom(CustomHttpPattern.newBuilder()
                                                  .setKind("POST").setPath("/v1/{name=**}:publish")).setBody("*")))
                        .addMethod(method("Title", "GetBookRequest",
                                          HttpRule.newBuilder().setGet("/v1/titles/{name}")
                                                  .setResponseBody("title")))
                        .addMethod(method("Broken", "GetBookRequest", HttpRule.newBuilder().setGet("/v1/{nope}"))))
                .build();
    }

    private static DescriptorProto message(String name, FieldDescriptorProto.Builder... fields) {
        final DescriptorProto.Builder message = DescriptorProto.newBuilder().setName(name);
        for (FieldDescriptorProto.Builder field : fields) {
            message.addField(field);
        }
        return message.build();
    }

    private static FieldDescriptorProto.Builder field(String name, int number, Type type) {
        return FieldDescriptorProto.newBuilder().setName(name).setNumber(number).setType(type)
                                   .setLabel(Label.LABEL_OPTIONAL);
    }

    private static FieldDescriptorProto.Builder messageField(String name, int number, String typeName) {
        return field(name, number, Type.TYPE_MESSAGE).setTypeName(typeName);
    }

    private static MethodDescriptorProto method(String name, String input, HttpRule.Builder rule) {
        return MethodDescriptorProto.newBuilder().setName(name).setInputType(".test.v1." + input)
                                    .setOutputType(".test.v1.Book")
                                    .setOptions(MethodOptions.newBuilder().setExtension(AnnotationsProto.http,
                                                                                       rule.build()))
                                    .build();
    }

    private LibraryDescriptors() {}
}
