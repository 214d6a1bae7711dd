package io.weft.sidecar.failure;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import com.linecorp.armeria.client.ResponseTimeoutException;
import com.linecorp.armeria.client.UnprocessedRequestException;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.ClosedSessionException;
import com.linecorp.armeria.common.ContentTooLargeException;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.common.grpc.protocol.StatusMessageEscaper;
import com.linecorp.armeria.common.stream.ClosedStreamException;
import com.linecorp.armeria.server.RequestTimeoutException;

import io.grpc.Status;

/** The table, the classifier and the renderer: every failure kind in every caller's language. */
class FailureVocabularyTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    // A message with what grpc-message must escape: '%', a newline and non-ASCII.
    private static final String MESSAGE = "caller 'a' 100% denied\nat café";

    static Stream<Arguments> everyKindForEveryCaller() {
        return EnumSet.allOf(FailureKind.class).stream()
                      .flatMap(kind -> Stream.of(CallerKind.values()).map(caller -> Arguments.of(kind, caller)));
    }

    @ParameterizedTest(name = "{0} to a {1} caller")
    @MethodSource("everyKindForEveryCaller")
    void eachKindIsAnsweredWithItsOneStatusPairInTheCallersLanguage(FailureKind kind, CallerKind caller)
            throws Exception {
        final AggregatedHttpResponse res =
                FailureResponses.render(headersOf(caller), kind.with(MESSAGE)).aggregate().join();
        assertThat(res.headers().get(FailureResponses.FAILURE_HEADER)).isEqualTo(kind.name().toLowerCase());
        switch (caller) {
            case GRPC -> {
                assertThat(res.status().code()).as("trailers-only gRPC answers are HTTP 200").isEqualTo(200);
                assertThat(res.headers().get("content-type")).isEqualTo("application/grpc+proto");
                assertThat(res.headers().get("grpc-status")).isEqualTo(
                        Integer.toString(kind.grpcCode().value()));
                final String escaped = res.headers().get("grpc-message");
                assertThat(escaped).doesNotContain("\n").doesNotContain("é").contains("%25");
                assertThat(StatusMessageEscaper.unescape(escaped)).isEqualTo(MESSAGE);
                assertThat(res.content().isEmpty()).isTrue();
                assertThat(res.trailers().isEmpty()).isTrue();
            }
            case JSON -> {
                assertThat(res.status()).isEqualTo(kind.httpStatus());
                assertThat(res.contentType().isJson()).isTrue();
                final JsonNode body = JSON.readTree(res.contentUtf8());
                assertThat(body.get("code").asText()).isEqualTo(kind.grpcCode().name());
                assertThat(body.get("message").asText()).isEqualTo(MESSAGE);
            }
            case TEXT -> {
                assertThat(res.status()).isEqualTo(kind.httpStatus());
                assertThat(res.contentType().subtype()).isEqualTo("plain");
                assertThat(res.contentUtf8()).isEqualTo(MESSAGE + '\n');
            }
        }
    }

    @ParameterizedTest
    @EnumSource(FailureKind.class)
    void theTableFollowsTheGrpcHttpMappingWhereOneExists(FailureKind kind) {
        // The failures a caller may retry elsewhere are exactly the UNAVAILABLE ones, and they are 5xx.
        final Set<FailureKind> retryable = EnumSet.of(FailureKind.UNREACHABLE, FailureKind.RESET,
                                                      FailureKind.NO_HEALTHY_ENDPOINT, FailureKind.NOT_READY,
                                                      FailureKind.DRAINING);
        assertThat(kind.grpcCode() == Status.Code.UNAVAILABLE).isEqualTo(retryable.contains(kind));
        if (retryable.contains(kind)) {
            assertThat(kind.httpStatus().code()).isBetween(502, 503);
        }
        final Map<FailureKind, Integer> fixed = Map.of(FailureKind.TIMEOUT, 504, FailureKind.DENIED, 403,
                                                       FailureKind.NO_ROUTE, 404, FailureKind.TOO_LARGE, 413,
                                                       FailureKind.MALFORMED, 400);
        if (fixed.containsKey(kind)) {
            assertThat(kind.httpStatus().code()).isEqualTo(fixed.get(kind));
        }
    }

    static Stream<Arguments> causes() {
        final ConnectException refused = new ConnectException("Connection refused");
        return Stream.of(
                Arguments.of(UnprocessedRequestException.of(refused), FailureKind.UNREACHABLE,
                             "service 'sum' is unreachable: ConnectException: Connection refused"),
                Arguments.of(refused, FailureKind.UNREACHABLE, "service 'sum' is unreachable"),
                Arguments.of(ResponseTimeoutException.get(), FailureKind.TIMEOUT,
                             "service 'sum' did not answer before the request's deadline"),
                Arguments.of(RequestTimeoutException.get(), FailureKind.TIMEOUT, "deadline"),
                Arguments.of(ContentTooLargeException.get(), FailureKind.TOO_LARGE, "larger than"),
                Arguments.of(new CancellationException(), FailureKind.CANCELLED, "cancelled"),
                Arguments.of(ClosedSessionException.get(), FailureKind.RESET, "service 'sum' failed"),
                Arguments.of(ClosedStreamException.get(), FailureKind.RESET, "service 'sum' failed"),
                Arguments.of(new NullPointerException("bug"), FailureKind.INTERNAL, "NullPointerException: bug"),
                Arguments.of(FailureKind.DENIED.with("no").toException(), FailureKind.DENIED, "no"),
                Arguments.of(new java.util.concurrent.CompletionException(ResponseTimeoutException.get()),
                             FailureKind.TIMEOUT, "deadline"));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("causes")
    void theClassifierNamesTheKindAndTheTarget(Throwable cause, FailureKind expected, String messagePart) {
        final Failure failure = Failures.classify(cause, "service 'sum'");
        assertThat(failure.kind()).isEqualTo(expected);
        assertThat(failure.message()).contains(messagePart);
    }

    private static RequestHeaders headersOf(CallerKind caller) {
        final RequestHeaders plain = RequestHeaders.of(HttpMethod.POST, "/x");
        return switch (caller) {
            case GRPC -> plain.toBuilder().contentType(
                    com.linecorp.armeria.common.MediaType.parse("application/grpc+proto")).build();
            case JSON -> plain.toBuilder().add("accept", "application/json").build();
            case TEXT -> plain;
        };
    }
}
