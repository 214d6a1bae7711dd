package io.weft.sidecar.transcoding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;

import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.QueryParams;

/** Routes, request decoding and response encoding on an API with every kind of HTTP rule. */
class TranscodingTableTest {

    private static TranscodingTable table;
    private static JsonRequestDecoder decoder;

    @BeforeAll
    static void load() throws InvalidProtocolBufferException {
        // As reflection delivers it: serialized, parsed back with the google.api.http registry.
        final List<FileDescriptorProto> parsed =
                DescriptorSets.parse(List.of(LibraryDescriptors.file().toByteString()));
        final DescriptorSets.Linked linked = DescriptorSets.link(Map.of(LibraryDescriptors.FILE, parsed.get(0)));
        assertThat(linked.problems()).isEmpty();
        table = TranscodingTable.build(1, Instant.EPOCH, linked.files(), List.of("test.v1.Library"), List.of());
        decoder = new JsonRequestDecoder(table.typeRegistry());
    }

    @Test
    void httpRulesSurviveSerializationAndBadRulesAreReported() {
        assertThat(table.bindings()).hasSize(4);
        assertThat(table.problems()).singleElement().asString()
                                    .contains("/test.v1.Library/Broken").contains("variable nope");
    }

    @Test
    void pathVariablesAndRepeatedAndNestedQueryParameters() {
        final TranscodingTable.Route route = table.route(HttpMethod.GET, "/v1/shelves/1/books/2");
        assertThat(route.method().getName()).isEqualTo("GetBook");
        final DynamicMessage message = decoder.decode(route, "",
                QueryParams.fromQueryString("fields=title&fields=tags&author.name=Ann&author.age=40&verbose=true"));
        assertThat(json(message)).isEqualTo("{\"name\":\"shelves/1/books/2\",\"fields\":[\"title\",\"tags\"]," +
                                            "\"author\":{\"name\":\"Ann\",\"age\":40},\"verbose\":true}");
    }

    @Test
    void unknownAndRepeatedSingularQueryParametersAreRejected() {
        final TranscodingTable.Route route = table.route(HttpMethod.GET, "/v1/shelves/1/books/2");
        assertThatThrownBy(() -> decoder.decode(route, "", QueryParams.fromQueryString("colour=red")))
                .hasMessageContaining("query parameter colour: no such field in test.v1.GetBookRequest");
        assertThatThrownBy(() -> decoder.decode(route, "", QueryParams.fromQueryString("verbose=true&verbose=false")))
                .hasMessageContaining("query parameter verbose: 2 values");
        assertThatThrownBy(() -> decoder.decode(route, "", QueryParams.fromQueryString("verbose=maybe")))
                .hasMessageContaining("Invalid bool value").hasMessageContaining("maybe");
    }

    @Test
    void bodyFieldAndNestedPathVariable() {
        final TranscodingTable.Route route = table.route(HttpMethod.PATCH, "/v1/shelves/1/books/2");
        assertThat(route.method().getName()).isEqualTo("UpdateBook");
        final DynamicMessage message = decoder.decode(route, "{\"title\":\"T\",\"pageCount\":\"12\"}",
                                                      QueryParams.of());
        assertThat(json(message)).isEqualTo(
                "{\"book\":{\"name\":\"shelves/1/books/2\",\"title\":\"T\",\"pageCount\":\"12\"}}");
        assertThatThrownBy(() -> decoder.decode(route, "{\"nope\":1}", QueryParams.of()))
                .hasMessageContaining("nope");
    }

    @Test
    void customMethodWithVerbAndDoubleWildcard() {
        final TranscodingTable.Route route = table.route(HttpMethod.POST, "/v1/a/b/c:publish");
        assertThat(route.method().getName()).isEqualTo("Publish");
        assertThat(json(decoder.decode(route, "{\"verbose\":true}", QueryParams.of())))
                .isEqualTo("{\"name\":\"a/b/c\",\"verbose\":true}");
    }

    @Test
    void grpcPathRouteTakesTheWholeBody() {
        final TranscodingTable.Route route = table.route(HttpMethod.POST, "/test.v1.Library/GetBook");
        assertThat(route.binding()).isNull();
        assertThat(json(decoder.decode(route, "{\"name\":\"x\"}", QueryParams.of()))).isEqualTo("{\"name\":\"x\"}");
        assertThat(json(decoder.decode(route, "", QueryParams.of()))).isEqualTo("{}");
    }

    @Test
    void responseBodyPrintsOnlyThatField() {
        final TranscodingTable.Route route = table.route(HttpMethod.GET, "/v1/titles/x");
        final JsonResponseEncoder encoder = new JsonResponseEncoder(
                table.typeRegistry(), false, route.method().getOutputType(), route.binding().responseBody());
        final DynamicMessage book = decoder.decode(table.route(HttpMethod.POST, "/test.v1.Library/UpdateBook"),
                                                   "{\"book\":{\"title\":\"Dune\"}}", QueryParams.of());
        final byte[] bookBytes = ((DynamicMessage) book.getField(
                book.getDescriptorForType().findFieldByName("book"))).toByteArray();
        assertThat(encoder.encode(bookBytes)).isEqualTo("\"Dune\"");
    }

    @Test
    void unmatchedRoutes() {
        assertThat(table.route(HttpMethod.GET, "/v1/shelves/1")).isNull();
        assertThat(table.route(HttpMethod.GET, "/test.v1.Library/GetBook")).isNull();
        assertThat(table.hasPathWithOtherMethod(HttpMethod.GET, "/test.v1.Library/GetBook")).isTrue();
        assertThat(table.hasPathWithOtherMethod(HttpMethod.DELETE, "/v1/shelves/1/books/2")).isTrue();
        assertThat(table.hasPathWithOtherMethod(HttpMethod.GET, "/v9")).isFalse();
    }

    @Test
    void aFileWithAMissingDependencyIsSkippedNamingIt() {
        final FileDescriptorProto broken = LibraryDescriptors.file().toBuilder().setName("test/v1/broken.proto")
                                                             .setPackage("test.v2")
                                                             .addDependency("other/dep.proto").build();
        final FileDescriptorProto needsBroken = FileDescriptorProto.newBuilder().setName("test/v1/user.proto")
                                                                   .addDependency("test/v1/broken.proto").build();
        final Map<String, FileDescriptorProto> files = Map.of(LibraryDescriptors.FILE, LibraryDescriptors.file(),
                                                              broken.getName(), broken,
                                                              needsBroken.getName(), needsBroken);
        assertThat(DescriptorSets.missingDependencies(files)).containsExactly("other/dep.proto");
        final DescriptorSets.Linked linked = DescriptorSets.link(files);
        assertThat(linked.files()).extracting(FileDescriptor::getName).containsExactly(LibraryDescriptors.FILE);
        assertThat(linked.problems()).containsExactly(
                "descriptor file test/v1/broken.proto skipped: descriptor file other/dep.proto is missing from " +
                "the app's reflection",
                "descriptor file test/v1/user.proto skipped: descriptor file other/dep.proto is missing from " +
                "the app's reflection");
    }

    private static String json(DynamicMessage message) {
        try {
            return JsonFormat.printer().omittingInsignificantWhitespace().print(message);
        } catch (InvalidProtocolBufferException e) {
            throw new AssertionError(e);
        }
    }
}
