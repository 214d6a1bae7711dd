package io.weft.common.netty;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.util.concurrent.Future;

/**
 * A one-thread event loop group whose no-argument {@link #shutdownGracefully()} has no quiet period.
 * It must be a group of its own rather than a wrapper: Armeria stops a listener's loop through the
 * channel ({@code channel.eventLoop().parent()}), which is always the group that made the loop.
 */
final class PromptlyStoppingGroup extends MultiThreadIoEventLoopGroup {

    /** Still bounded, in case a task is running when the shutdown starts. */
    private static final long TIMEOUT_SECONDS = 2;

    PromptlyStoppingGroup(ThreadFactory threads, IoHandlerFactory io) {
        super(1, threads, io);
    }

    @Override
    public Future<?> shutdownGracefully() {
        return shutdownGracefully(0, TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }
}
