package io.weft.bench.soak;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.weft.common.annotation.Nullable;
import io.weft.demo.sum.v1.Number;
import io.weft.demo.sum.v1.SumServiceGrpc.SumServiceStub;

/**
 * One long-lived {@code RunningSum} stream: {@link #tick} sends a 1 every interval and each answer must be
 * the count of answers so far. When the stream breaks (an error, an early end, a wrong total, or no answer
 * for {@code stallMillis} while numbers are outstanding) the break is logged with the instance that served
 * it and a new stream is opened {@code reconnectDelayMillis} later. Runs on the pacing thread and on
 * event loops; every state change holds this object's lock, and nothing here blocks.
 */
final class BidiStream {

    private final String name;
    private final SumServiceStub stub;
    private final SoakLog log;
    private final ScheduledExecutorService scheduler;
    private final long stallMillis;
    private final long reconnectDelayMillis;

    @Nullable
    private Answers current;
    @Nullable
    private ClientCallStreamObserver<Number> requests;
    private AtomicReference<String> instance = new AtomicReference<>("");
    private long openedAt;
    private long lastAnswerAt;
    private long sent;
    private long answered;
    private boolean established;
    private boolean stopped;

    BidiStream(String name, SumServiceStub stub, SoakLog log, ScheduledExecutorService scheduler,
               long stallMillis, long reconnectDelayMillis) {
        this.name = name;
        this.stub = stub;
        this.log = log;
        this.scheduler = scheduler;
        this.stallMillis = stallMillis;
        this.reconnectDelayMillis = reconnectDelayMillis;
    }

    /** Opens the stream; called once, then again by the stream itself after each break. */
    synchronized void open() {
        if (stopped) {
            return;
        }
        instance = new AtomicReference<>("");
        openedAt = System.currentTimeMillis();
        lastAnswerAt = openedAt;
        sent = 0;
        answered = 0;
        established = false;
        final Answers answers = new Answers();
        current = answers;
        stub.withOption(InstanceCapture.INSTANCE, instance).runningSum(answers);
        log.stream(name, "opened", "", null, 0);
    }

    /** Sends the next number, or ends a stream that has stalled. */
    synchronized void tick() {
        final ClientCallStreamObserver<Number> stream = requests;
        if (stopped || stream == null) {
            return;
        }
        final long now = System.currentTimeMillis();
        if (sent > answered && now - lastAnswerAt > stallMillis) {
            stream.cancel("stalled", null);
            broken(Cause.wrongAnswer("no answer for " + (now - lastAnswerAt) + " ms"));
            return;
        }
        if (stream.isReady()) {
            stream.onNext(Number.newBuilder().setValue(1).build());
            sent++;
        }
    }

    /** Ends the stream as a client does (half-close), without counting a break. */
    synchronized void stop() {
        stopped = true;
        final ClientCallStreamObserver<Number> stream = requests;
        requests = null;
        current = null;
        if (stream != null) {
            stream.onCompleted();
        }
    }

    private void answer(long total) {
        answered++;
        lastAnswerAt = System.currentTimeMillis();
        if (!established) {
            established = true;
            log.stream(name, "established", instance.get(), null, lastAnswerAt - openedAt);
        }
        if (total != answered) {
            final ClientCallStreamObserver<Number> stream = requests;
            if (stream != null) {
                stream.cancel("wrong total", null);
            }
            broken(Cause.wrongAnswer("total " + total + " after " + answered + " ones"));
        }
    }

    /** Logs the break of the stream in use and opens the next one later; the lock is held. */
    private void broken(Cause cause) {
        requests = null;
        current = null;
        log.failure(Kind.BIDI, cause, instance.get());
        log.stream(name, "broken", instance.get(), cause, System.currentTimeMillis() - openedAt);
        scheduler.schedule(() -> {
            log.stream(name, "reconnect", "", null, 0);
            open();
        }, reconnectDelayMillis, TimeUnit.MILLISECONDS);
    }

    /** The answers of one stream; callbacks of a stream already given up (not {@code current}) are ignored. */
    private final class Answers implements ClientResponseObserver<Number, Number> {
        @Override
        public void beforeStart(ClientCallStreamObserver<Number> stream) {
            synchronized (BidiStream.this) {
                if (current == this) {
                    requests = stream;
                }
            }
        }

        @Override
        public void onNext(Number value) {
            synchronized (BidiStream.this) {
                if (current == this) {
                    answer(value.getValue());
                }
            }
        }

        @Override
        public void onError(Throwable t) {
            synchronized (BidiStream.this) {
                if (current == this) {
                    broken(Cause.of(t));
                }
            }
        }

        @Override
        public void onCompleted() {
            synchronized (BidiStream.this) {
                if (current == this) {
                    broken(Cause.wrongAnswer("stream ended by the server"));
                }
            }
        }
    }
}
