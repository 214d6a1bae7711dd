package io.weft.sidecar.transcoding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.RequestHeaders;

import io.grpc.stub.StreamObserver;
import io.weft.demo.sum.v1.Number;
import io.weft.demo.sum.v1.RangeRequest;
import io.weft.demo.sum.v1.SumServiceGrpc;
import io.weft.sidecar.testing.StreamedResponse;

/** Server streaming is written message by message, not gathered first. */
class StreamingTranscodingTest {

    /** Range that sends {@code from}, then waits for the current {@link #gate} before the rest. */
    private static final class GatedRange extends SumServiceGrpc.SumServiceImplBase {
        volatile CompletableFuture<Void> gate = new CompletableFuture<>();

        @Override
        public void range(RangeRequest request, StreamObserver<Number> observer) {
            observer.onNext(Number.newBuilder().setValue(request.getFrom()).build());
            gate.thenRun(() -> {
                for (long v = request.getFrom() + 1; v <= request.getTo(); v++) {
                    observer.onNext(Number.newBuilder().setValue(v).build());
                }
                observer.onCompleted();
            });
        }
    }

    @Test
    void firstMessageReachesTheCallerBeforeTheAppFinishes() {
        final GatedRange gated = new GatedRange();
        try (SumApp app = SumApp.reduced(0, false, gated);
             TranscodingFront front = new TranscodingFront(app.port(), 1024 * 1024)) {
            await().until(() -> front.transcoder.state().ready());
            assertStreams(front, gated, "application/json", "[{\"value\":\"7\"}",
                          "[{\"value\":\"7\"},{\"value\":\"8\"},{\"value\":\"9\"}]");
            assertStreams(front, gated, "application/x-ndjson", "{\"value\":\"7\"}\n",
                          "{\"value\":\"7\"}\n{\"value\":\"8\"}\n{\"value\":\"9\"}\n");
        }
    }

    private static void assertStreams(TranscodingFront front, GatedRange gated, String accept, String first,
                                      String whole) {
        gated.gate = new CompletableFuture<>();
        final StreamedResponse collector = new StreamedResponse();
        front.client.execute(RequestHeaders.builder(HttpMethod.POST, "/weft.demo.sum.v1.SumService/Range")
                                           .contentType(MediaType.JSON_UTF_8).add("accept", accept).build(),
                             "{\"from\":7,\"to\":9}")
                    .subscribe(collector);
        // The app holds back 8 and 9: the caller must already have 7, with a 200.
        await().untilAsserted(() -> assertThat(collector.text()).isEqualTo(first));
        assertThat(collector.done).isNotDone();
        assertThat(collector.headers.join().status().code()).isEqualTo(200);

        gated.gate.complete(null);
        collector.done.join();
        assertThat(collector.text()).isEqualTo(whole);
    }
}
