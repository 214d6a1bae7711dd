package io.weft.bench.relay;

import java.util.ArrayList;
import java.util.List;

import io.netty.channel.Channel;
import io.netty.channel.EventLoop;

/**
 * Flushes each connection written to once per event-loop iteration, however many frames of however many
 * streams were written to it: the relay writes a frame as soon as it reads one and leaves the flush to a
 * task that runs after the loop has handled every ready socket. One per event loop; used only on it.
 */
final class FlushBatch implements Runnable {
    private final EventLoop loop;
    private List<Channel> written = new ArrayList<>();
    private List<Channel> flushing = new ArrayList<>();
    private boolean scheduled;

    FlushBatch(EventLoop loop) {
        this.loop = loop;
    }

    /** {@code connection} has been written to and must be flushed before this iteration ends. */
    void add(Channel connection) {
        if (!written.contains(connection)) { // a handful of connections: a list beats a set here
            written.add(connection);
        }
        if (!scheduled) {
            scheduled = true;
            loop.execute(this);
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
