package io.weft.sidecar.config;

/** What carries the inbound listener's traffic (see the sidecar README, "Data-path decision"). */
public enum InboundRelay {
    /**
     * A Netty front owns the port and terminates mTLS; gRPC streams to a gRPC app are relayed frame by
     * frame, everything else is passed on to the Armeria inbound path on a private loopback listener.
     */
    NETTY,
    /** The Armeria inbound path owns the port and serves every request itself. */
    ARMERIA
}
