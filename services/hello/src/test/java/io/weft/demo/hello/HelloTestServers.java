package io.weft.demo.hello;

import java.net.URI;
import java.time.Duration;
import java.util.function.Supplier;

import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.testing.junit5.server.ServerExtension;

/** The real {@code hello} wiring ({@link HelloServer#configure}) on a free port, calling a given upstream. */
public final class HelloTestServers {

    public static final String INSTANCE_ID = "hello-test-1";

    /** {@code upstream} is read when the server starts, so it may name a server started just before. */
    public static ServerExtension extension(Supplier<URI> upstream, Duration upstreamTimeout) {
        return new ServerExtension() {
            @Override
            protected void configure(ServerBuilder sb) {
                HelloServer.configure(sb, new HelloConfig(HelloConfig.DEFAULT_BIND_ADDRESS, 0, INSTANCE_ID,
                                                          upstream.get(), HelloConfig.DEFAULT_UPSTREAM_AUTHORITY,
                                                          upstreamTimeout, Duration.ofSeconds(30)));
            }
        };
    }

    public static ServerExtension extension(Supplier<URI> upstream) {
        return extension(upstream, HelloConfig.DEFAULT_UPSTREAM_TIMEOUT);
    }

    private HelloTestServers() {}
}
