/**
 * The {@code devmesh.jar} command line: {@link io.weft.devmesh.DevmeshMain} dispatches to a
 * {@link io.weft.devmesh.DevmeshCommand} ({@code consul}, {@code agent}, and commands other
 * packages add through {@link java.util.ServiceLoader}).
 */
@NonNullByDefault
package io.weft.devmesh;

import io.weft.common.annotation.NonNullByDefault;
