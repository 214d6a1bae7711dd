/**
 * A request's deadline on one hop: the listener's request timeout, shortened by a caller's smaller
 * {@code grpc-timeout}, read once per hop by {@link io.weft.sidecar.deadline.Deadline} and armed as the
 * hop's only timer (the server context's request timeout). Everything behind it on the hop (retries,
 * backoff, waiting for endpoints, every attempt) shares it; when it passes, the listener's rescue answers
 * {@code TIMEOUT} (504 / {@code DEADLINE_EXCEEDED}) and the upstream stream is cancelled.
 */
@NonNullByDefault
package io.weft.sidecar.deadline;

import io.weft.common.annotation.NonNullByDefault;
