package io.weft.bench.soak;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ConnectException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.linecorp.armeria.client.ResponseTimeoutException;
import com.linecorp.armeria.client.UnprocessedRequestException;
import com.linecorp.armeria.common.ClosedSessionException;

import io.grpc.Metadata;
import io.grpc.Status;

/** How the soak counts a failure: by kind and cause, a request denied on purpose apart. */
class CauseTest {

    @Test
    void aSidecarsOwnAnswerIsNamedByItsHeaderAndDenialIsKeptApart() {
        final Cause denied = Cause.of(Status.PERMISSION_DENIED.asRuntimeException(failure("denied")));
        assertThat(denied.label()).isEqualTo("denied");
        assertThat(denied.denied()).isTrue();
        assertThat(Cause.http(403, "denied").denied()).isTrue();

        final Cause unreachable = Cause.of(Status.UNAVAILABLE.asRuntimeException(failure("unreachable")));
        assertThat(unreachable.label()).isEqualTo("weft:unreachable/UNAVAILABLE");
        assertThat(unreachable.denied()).isFalse();
        assertThat(Cause.http(503, "no_healthy_endpoint").label()).isEqualTo("weft:no_healthy_endpoint/503");
    }

    @Test
    void withoutTheHeaderTheStatusIsTheCauseEvenPermissionDenied() {
        assertThat(Cause.of(Status.PERMISSION_DENIED.asRuntimeException()).label())
                .isEqualTo("status:PERMISSION_DENIED");
        assertThat(Cause.of(Status.INVALID_ARGUMENT.asRuntimeException(new Metadata())).label())
                .isEqualTo("status:INVALID_ARGUMENT");
        assertThat(Cause.http(502, null).label()).isEqualTo("status:502");
        assertThat(Cause.http(500, "").label()).isEqualTo("status:500");
    }

    @Test
    void noAnswerIsAConnectionErrorNamedAfterWhatHappenedOrATimeout() {
        final UnprocessedRequestException refused =
                UnprocessedRequestException.of(new ConnectException("Connection refused"));
        assertThat(Cause.of(Status.UNAVAILABLE.withCause(refused).asRuntimeException()).label())
                .isEqualTo("connection:ConnectException");
        assertThat(Cause.of(new CompletionException(ClosedSessionException.get())).label())
                .isEqualTo("connection:ClosedSessionException");
        assertThat(Cause.of(new IOException("reset by peer")).type()).isEqualTo(Cause.Type.CONNECTION);
        assertThat(Cause.of(Status.DEADLINE_EXCEEDED.asRuntimeException()).label())
                .isEqualTo("timeout:DEADLINE_EXCEEDED");
        assertThat(Cause.of(ResponseTimeoutException.get()).type()).isEqualTo(Cause.Type.TIMEOUT);
        assertThat(Cause.of(new IllegalStateException("bug")).label()).isEqualTo("status:exception IllegalStateException");
        assertThat(Cause.said(Status.UNAVAILABLE.withDescription("the app at 127.0.0.1:1 is unreachable")
                                                .asRuntimeException()))
                .isEqualTo("the app at 127.0.0.1:1 is unreachable");
    }

    @Test
    void theLogCountsFailuresAndDenialsApartPerMinuteAndWritesEachFailureWithItsInstance(@TempDir Path dir)
            throws IOException {
        final AtomicLong now = new AtomicLong(1_000_000);
        try (SoakLog log = new SoakLog(dir, now::get)) {
            log.success(Kind.UNARY, 2_000);
            log.failure(Kind.UNARY, Cause.http(403, "denied"), "");
            now.addAndGet(61_000);
            log.failure(Kind.UNARY, Cause.of(new IOException("reset")), "sum-2",
                        "the app at 127.0.0.1:1 is unreachable:\n  ConnectException");
            log.stream("bidi-1", "broken", "sum-2", Cause.of(new IOException("reset")), 5_000);
            log.stream("bidi-1", "reconnect", "", null, 0);
            assertThat(log.totals(Kind.UNARY)).containsExactly(1, 1, 1);
        }
        assertThat(Files.readAllLines(dir.resolve("minutes.tsv")))
                .contains("0\tunary\t1\t0\t1\t0\t2.000\t2.000\t2.000",
                          "1\tunary\t0\t1\t0\t0\t0.000\t0.000\t0.000",
                          "1\tbidi\t0\t0\t0\t1\t0.000\t0.000\t0.000");
        assertThat(Files.readAllLines(dir.resolve("failures.tsv")))
                .containsExactly("# epoch_ms\tkind\tcause\tinstance\tsaid",
                                 "1000000\tunary\tdenied\t-\t-",
                                 "1061000\tunary\tconnection:IOException\tsum-2\t" +
                                 "the app at 127.0.0.1:1 is unreachable: ConnectException");
        assertThat(Files.readAllLines(dir.resolve("causes.tsv")))
                .containsAll(List.of("unary\tconnection:IOException\t1", "unary\tdenied\t1", "unary\tok\t1"));
        assertThat(Files.readAllLines(dir.resolve("streams.tsv")))
                .contains("1061000\tbidi-1\tbroken\tsum-2\tconnection:IOException\t5000");
    }

    private static Metadata failure(String kind) {
        final Metadata trailers = new Metadata();
        trailers.put(Metadata.Key.of(Cause.FAILURE_HEADER, Metadata.ASCII_STRING_MARSHALLER), kind);
        return trailers;
    }
}
