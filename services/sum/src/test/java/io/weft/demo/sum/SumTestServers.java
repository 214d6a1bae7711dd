package io.weft.demo.sum;

import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.testing.junit5.server.ServerExtension;

/** The real {@code sum} wiring ({@link SumServer#configure}) on a free loopback port. */
public final class SumTestServers {

    public static final String INSTANCE_ID = "sum-test-1";

    public static ServerExtension extension() {
        return new ServerExtension() {
            @Override
            protected void configure(ServerBuilder sb) {
                SumServer.configure(sb, SumConfig.of(0, INSTANCE_ID));
            }
        };
    }

    private SumTestServers() {}
}
