/**
 * Consul's filter expression language (HashiCorp go-bexpr, as {@code ?filter=} and resolver
 * {@code Subsets} use it): {@link io.weft.common.filter.Filter#parse} turns
 * {@code Service.Meta.version == v1 and "canary" in Service.Tags} into an immutable expression tree
 * that {@link io.weft.common.filter.Filter#test} evaluates over a plain object tree ({@code Map},
 * {@code List}, {@code String}, {@code Number}, {@code Boolean}, {@code null}: what Jackson's
 * {@code convertValue(node, Object.class)} yields). Parsing reports the position of a mistake;
 * evaluation reports a selector used with an operator its value does not support. Pure and thread-safe.
 */
@NonNullByDefault
package io.weft.common.filter;

import io.weft.common.annotation.NonNullByDefault;
