package io.weft.sidecar.relay;

import java.util.ArrayList;
import java.util.List;

import io.netty.channel.Channel;
import io.netty.util.concurrent.FastThreadLocal;

/**
 * Flushes each connection written to once per event-loop iteration, however many frames of however many
 * streams were written to it: the relay writes a frame as soon as it reads one and leaves the flush to a
 * task that runs after the loop has handled every ready socket. This is what makes the relay cheaper than
 * Armeria's one flush (one TLS record, one syscall) per frame. One per event loop, used only on it.
 */
final class FlushBatch implements Runnable {
    private static final FastThreadLocal<FlushBatch> PER_LOOP = new FastThreadLocal<>() {
        @Override
        protected FlushBatch initialValue() {
            return new FlushBatch();
        }
    };

    private List<Channel> written = new ArrayList<>();
    private List<Channel> flushing = new ArrayList<>();
    private boolean scheduled;

    private FlushBatch() {}

    /** {@code connection} (a stream's parent) was written to on its event loop, which runs this call. */
    static void add(Channel connection) {
        PER_LOOP.get().schedule(connection);
    }

    private void schedule(Channel connection) {
        if (!written.contains(connection)) { // a handful of connections: a list beats a set here
            written.add(connection);
        }
        if (!scheduled) {
            scheduled = true;
            connection.eventLoop().execute(this);
        }
    }

    @Override
    public void run() {
        // A flush can make a stream writable again, and its peer then reads and writes more: that lands in
        // the other list and a new run.
        final List<Channel> batch = written;
        written = flushing;
        flushing = batch;
        scheduled = false;
        for (int i = 0; i < batch.size(); i++) {
            batch.get(i).flush();
        }
        batch.clear();
    }
}
