/**
 * Netty settings every weft server shares. {@link io.weft.common.netty.BossGroups} gives Armeria servers a
 * boss (accept) loop that stops as soon as its listener is closed, instead of Netty's default 2 s quiet period.
 */
@NonNullByDefault
package io.weft.common.netty;

import io.weft.common.annotation.NonNullByDefault;
