package io.weft.sidecar.config;

/** Where a listener binds. Port 0 picks a free port (tests, the local launcher). */
public record Listener(String bindAddress, int port) {
    public Listener {
        SidecarConfig.Validation.require(bindAddress != null && !bindAddress.isBlank(),
                                         "bind address: '" + bindAddress + "' (expected: an IP or host name)");
        SidecarConfig.Validation.require(port >= 0 && port <= 65535,
                                         "port: " + port + " (expected: 0..65535)");
    }
}
