package io.weft.common.netty;

import java.util.concurrent.ThreadFactory;

import com.linecorp.armeria.common.Flags;
import com.linecorp.armeria.common.util.EventLoopGroups;
import com.linecorp.armeria.common.util.TransportType;
import com.linecorp.armeria.server.ServerBuilder;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.FastThreadLocalThread;
import io.weft.common.annotation.Nullable;

/**
 * Boss (accept) loops for Armeria servers that stop promptly.
 *
 * <p>Armeria stops a server's boss loop with Netty's {@code shutdownGracefully()}, whose 2 s quiet period
 * makes every {@code Server.stop()} take at least 2 s. The quiet period is for executors that may still be
 * handed work; a boss loop only accepts connections, and Armeria shuts it down after it has closed the
 * listening channel and the connections, so nothing is left to wait for. Use with
 * {@code Server.builder().bossGroupFactory(BossGroups::stoppingPromptly)}, or {@link #applyTo(ServerBuilder)}.
 */
public final class BossGroups {

    private static final String EPOLL_IO_HANDLER = "io.netty.channel.epoll.EpollIoHandler";

    /**
     * One accept thread named {@code threadName} on Armeria's transport ({@link Flags#transportType()}). On a
     * transport other than epoll or NIO this is Armeria's own boss group: correct, only 2 s slower to stop.
     */
    public static EventLoopGroup stoppingPromptly(String threadName) {
        final ThreadFactory threads = task -> new FastThreadLocalThread(task, threadName);
        final IoHandlerFactory io = ioHandlers(Flags.transportType());
        return io == null ? EventLoopGroups.newEventLoopGroup(1, threads) : new PromptlyStoppingGroup(threads, io);
    }

    /** Sets {@link #stoppingPromptly(String)} as {@code sb}'s boss group factory. */
    public static ServerBuilder applyTo(ServerBuilder sb) {
        return sb.bossGroupFactory(BossGroups::stoppingPromptly);
    }

    /** The listener channel Armeria picks must be able to register with the loop: same transport. */
    @Nullable
    private static IoHandlerFactory ioHandlers(TransportType transport) {
        switch (transport) {
            case NIO:
                return NioIoHandler.newFactory();
            case EPOLL:
                // netty-transport-classes-epoll is a runtime dependency of Armeria, present when EPOLL is chosen.
                try {
                    return (IoHandlerFactory) Class.forName(EPOLL_IO_HANDLER).getMethod("newFactory").invoke(null);
                } catch (ReflectiveOperationException | LinkageError e) {
                    return null;
                }
            default:
                return null;
        }
    }

    private BossGroups() {}
}
