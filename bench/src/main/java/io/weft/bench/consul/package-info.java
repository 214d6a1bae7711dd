/** The few Consul agent calls the benchmarks make to cause changes (register, deregister). */
package io.weft.bench.consul;
