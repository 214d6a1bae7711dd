package io.weft.devmesh.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

class PortAllocatorTest {

    @Test
    void neverHandsOutAPortTwice() {
        final PortAllocator ports = new PortAllocator();
        final Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < 50; i++) {
            assertThat(seen.add(ports.next())).isTrue();
        }
    }

    @Test
    void aRequiredPortInUseIsRefusedWithAHint() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            final int port = taken.getLocalPort();
            assertThatThrownBy(() -> new PortAllocator().require(port, "--port (gateway)"))
                    .hasMessageStartingWith("--port (gateway): port " + port + " is already in use");
        }
    }

    @Test
    void aFreeRequiredPortIsReserved() {
        final PortAllocator ports = new PortAllocator();
        final int port = ports.next();
        assertThatThrownBy(() -> ports.require(port, "x")).hasMessageContaining("already in use");
    }
}
