/**
 * The implementation of {@code weft.demo.sum.v1.SumService}. Every method runs on the calling
 * connection's event loop and never blocks; arithmetic is checked, so int64 overflow becomes
 * INVALID_ARGUMENT with the operands in the message instead of a silently wrapped result.
 */
@NonNullByDefault
package io.weft.demo.sum.service;

import io.weft.common.annotation.NonNullByDefault;
