package io.weft.devmesh.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ReplicaTableTest {

    @Test
    void oneRowPerReplicaWithItsStreamAddressHttpPortAndCheck() throws Exception {
        final String health = """
                [{"Node":{"Address":"127.0.0.1"},
                  "Service":{"ID":"control-plane","Address":"127.0.0.1","Port":41001,
                             "Meta":{"weft-http-port":"41002"}},
                  "Checks":[{"ServiceID":"","Status":"passing"},
                            {"ServiceID":"control-plane","Status":"passing"}]},
                 {"Node":{"Address":"10.0.0.9"},
                  "Service":{"ID":"control-plane-2","Address":"","Port":41003,"Meta":{}},
                  "Checks":[{"ServiceID":"control-plane-2","Status":"critical"}]}]
                """;
        assertThat(ReplicaTable.render(health)).isEqualTo("""
                Control-plane replicas (in Consul)
                  REPLICA          STREAM           HTTP   CHECK
                  control-plane    127.0.0.1:41001  41002  passing
                  control-plane-2  10.0.0.9:41003   -      critical
                """);
        assertThat(ReplicaTable.render("[]")).endsWith("  none registered\n");
    }
}
