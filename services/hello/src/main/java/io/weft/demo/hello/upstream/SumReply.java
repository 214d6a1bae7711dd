package io.weft.demo.hello.upstream;

import io.weft.common.annotation.Nullable;

/**
 * What {@code sum} answered.
 *
 * @param sum a + b
 * @param servedBy the {@code x-weft-instance} header of the reply, or {@code null} if it had none
 */
public record SumReply(long sum, @Nullable String servedBy) {}
