package io.weft.controlplane.chain;

import java.time.Duration;

import io.weft.common.annotation.Nullable;

/**
 * One set of instances a chain can send to: a service, maybe narrowed to a subset of it. Its id is
 * Consul's target id ({@code v2.sum.default.default.dc1}; without a subset {@code sum.default.default.dc1}).
 *
 * @param subsetDefinition the resolver's definition of {@code subset}, {@code null} when there is none
 */
public record ChainTarget(String id, String service, String subset, String datacenter,
                          @Nullable ServiceResolver.Subset subsetDefinition, Duration connectTimeout) {

    static String idOf(String service, String subset, String datacenter) {
        final String base = service + ".default.default." + datacenter;
        return subset.isEmpty() ? base : subset + '.' + base;
    }
}
