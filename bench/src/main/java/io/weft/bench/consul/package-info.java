/** The few Consul agent calls the benchmarks make to cause changes (register, deregister). */
@NonNullByDefault
package io.weft.bench.consul;

import io.weft.common.annotation.NonNullByDefault;
