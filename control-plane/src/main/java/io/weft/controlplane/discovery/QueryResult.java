package io.weft.controlplane.discovery;

/** A blocking query's answer and its {@code X-Consul-Index}. */
public record QueryResult<T>(T value, long index) {}
