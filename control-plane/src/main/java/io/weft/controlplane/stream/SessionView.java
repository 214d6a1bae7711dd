package io.weft.controlplane.stream;

import java.time.Instant;
import java.util.Map;

import io.weft.common.annotation.Nullable;

/**
 * One connected sidecar as the status API shows it.
 *
 * @param identity the SPIFFE ID of its service
 * @param certificateNotBefore when the last certificate issued to it starts, or null before its first CSR
 * @param certificateNotAfter when it expires, or null before its first CSR
 * @param resources versions per resource ({@code endpoints/sum}, {@code certificate}, ...)
 * @param pending messages waiting for the sidecar to read (at most one per resource)
 */
public record SessionView(long id, String service, String instanceId, String identity, String sidecarVersion,
                          String remoteAddress, Instant connectedAt, @Nullable Instant certificateNotBefore,
                          @Nullable Instant certificateNotAfter,
                          Map<String, ResourceVersions> resources, int pending) {}
