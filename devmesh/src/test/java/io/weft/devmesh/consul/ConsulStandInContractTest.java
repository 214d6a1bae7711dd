package io.weft.devmesh.consul;

import java.net.URI;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The contract suite against the stand-in, with Consul's defaults (1 s minimum check interval). */
class ConsulStandInContractTest extends ConsulContract {
    private static ConsulStandIn consul;

    @BeforeAll
    static void startStandIn() {
        consul = ConsulStandIn.start(0);
    }

    @AfterAll
    static void stopStandIn() {
        consul.close();
    }

    @Override
    URI consulUri() {
        return consul.uri();
    }

    @Override
    String hostSeenByConsul() {
        return "127.0.0.1";
    }
}
