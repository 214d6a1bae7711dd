package io.weft.devmesh.consul.catalog;

/**
 * What a blocking query watches. A change fires every topic it touched; a query re-runs when its
 * topic fires. Names mirror the memdb tables and index entries Consul's own watches use.
 */
public record Topic(String name) {
    public static final Topic SERVICES = new Topic("services");
    public static final Topic NODES = new Topic("nodes");
    public static final Topic INTENTIONS = new Topic("intentions");
    /** Every config entry kind, as Consul's one config-entries table; intentions are entries too. */
    public static final Topic CONFIG_ENTRIES = new Topic("config-entries");
    /** Any service or check change, for reads across services ({@code /v1/health/state}). */
    public static final Topic CHECKS = new Topic("checks");
    /** The KV store. */
    public static final Topic KV = new Topic("kvs");

    /** The instances and checks of one service name. */
    public static Topic service(String serviceName) {
        return new Topic("service." + serviceName);
    }
}
