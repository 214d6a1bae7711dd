package io.weft.sidecar.config;

/** What carries the outbound listener's traffic (see the sidecar README, "The outbound front on Netty"). */
public enum OutboundRelay {
    /**
     * A Netty front owns the port; gRPC streams to an upstream without Consul routes are relayed frame by
     * frame to its endpoints over pooled mTLS, everything else is passed on to the Armeria outbound path on a
     * private loopback listener.
     */
    NETTY,
    /** The Armeria outbound path owns the port and serves every request itself. */
    ARMERIA
}
