package io.weft.devmesh.consul.catalog;

/** One KV pair as Consul's {@code DirEntry}; {@code value} is never shared mutably (copied in and out). */
public record KvEntry(String key, byte[] value, long flags, long createIndex, long modifyIndex) {
    public KvEntry {
        value = value.clone();
    }

    @Override
    public byte[] value() {
        return value.clone();
    }
}
