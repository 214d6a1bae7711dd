/**
 * Null-safety annotations used by every weft package: each {@code package-info.java} carries
 * {@link io.weft.common.annotation.NonNullByDefault}, and {@link io.weft.common.annotation.Nullable} marks the
 * exceptions. They carry JSR-305 meta-annotations, so IDEs and checkers understand them.
 */
@NonNullByDefault
package io.weft.common.annotation;
