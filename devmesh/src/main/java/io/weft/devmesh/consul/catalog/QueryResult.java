package io.weft.devmesh.consul.catalog;

/** A read's value and the index a blocking query compares against (never below 1). */
public record QueryResult<T>(long index, T value) {
    public QueryResult {
        index = Math.max(1, index);
    }
}
