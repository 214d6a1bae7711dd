package io.weft.devmesh.consul.catalog;

/**
 * What a blocking query watches. A change fires every topic it touched; a query re-runs when its
 * topic fires. Names mirror the memdb tables and index entries Consul's own watches use.
 */
public record Topic(String name) {
    public static final Topic SERVICES = new Topic("services");
    public static final Topic NODES = new Topic("nodes");
    public static final Topic INTENTIONS = new Topic("intentions");

    /** The instances and checks of one service name. */
    public static Topic service(String serviceName) {
        return new Topic("service." + serviceName);
    }
}
