package io.weft.devmesh.consul.endpoints;

import java.util.Base64;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;

import io.weft.devmesh.consul.catalog.Catalog;
import io.weft.devmesh.consul.catalog.ConsulApiException;
import io.weft.devmesh.consul.catalog.KvEntry;
import io.weft.devmesh.consul.catalog.Topic;

/**
 * {@code /v1/kv/<key>}: Consul's KV API ({@code agent/kvs_endpoint.go}) without sessions and locks.
 * Reads block like every other; a missing key or an empty prefix is a 404 that still carries
 * {@code X-Consul-Index}, so a client can block on a key that does not exist yet.
 */
final class KvEndpoints {
    /** Consul's default {@code kv_max_value_size}. */
    static final int MAX_VALUE_SIZE = 512 * 1024;

    private final Catalog catalog;

    KvEndpoints(Catalog catalog) {
        this.catalog = catalog;
    }

    HttpResponse get(Request r) {
        final String key = r.tail();
        final QueryOptions options = QueryOptions.parse(r.params());
        if (r.params().contains("keys")) {
            final String separator = r.params().get("separator", "");
            return BlockingQuery.serveWith(r.ctx(), catalog, Topic.KV, options, () -> catalog.kvKeys(key, separator),
                                           (List<String> keys, Long index) -> keys.isEmpty()
                                                   ? notFound(index)
                                                   : ConsulResponses.json(ConsulJson.strings(keys), index,
                                                                          options.pretty()));
        }
        if (r.params().contains("recurse")) {
            return BlockingQuery.serveWith(r.ctx(), catalog, Topic.KV, options, () -> catalog.kvList(key),
                                           (List<KvEntry> entries, Long index) -> {
                                               if (entries.isEmpty()) {
                                                   return notFound(index);
                                               }
                                               final ArrayNode a = ConsulJson.array();
                                               entries.forEach(e -> a.add(render(e)));
                                               return ConsulResponses.json(a, index, options.pretty());
                                           });
        }
        requireKey(key);
        final boolean raw = r.params().contains("raw");
        return BlockingQuery.serveWith(r.ctx(), catalog, Topic.KV, options, () -> catalog.kv(key),
                                       (Optional<KvEntry> entry, Long index) -> {
                                           if (entry.isEmpty()) {
                                               return notFound(index);
                                           }
                                           if (raw) {
                                               return ConsulResponses.withMeta(
                                                       HttpStatus.OK, index, MediaType.OCTET_STREAM,
                                                       HttpData.wrap(entry.get().value()));
                                           }
                                           return ConsulResponses.json(ConsulJson.array().add(render(entry.get())),
                                                                       index, options.pretty());
                                       });
    }

    /** {@code PUT /v1/kv/<key>[?cas=][&flags=]}: answers true, or false when the CAS failed. */
    HttpResponse put(Request r) {
        final String key = r.tail();
        requireKey(key);
        for (String unsupported : new String[] { "acquire", "release" }) {
            if (r.params().contains(unsupported)) {
                throw ConsulApiException.badRequest("?" + unsupported + " is not supported: the weft Consul " +
                                                    "stand-in has no sessions");
            }
        }
        long flags = 0;
        final String rawFlags = r.params().get("flags");
        if (rawFlags != null && !rawFlags.isEmpty()) {
            try {
                flags = Long.parseUnsignedLong(rawFlags);
            } catch (NumberFormatException e) {
                throw ConsulApiException.badRequest("Invalid flags: " + rawFlags);
            }
        }
        final byte[] value = r.http().content().array();
        if (value.length > MAX_VALUE_SIZE) {
            throw new ConsulApiException(413, "Request body(" + value.length + " bytes) too large, max size: " +
                                              MAX_VALUE_SIZE + " bytes. See " +
                                              "https://developer.hashicorp.com/docs/agent/config/config-files#kv_max_value_size.");
        }
        final boolean ok = catalog.putKv(key, value, flags, ConfigEndpoints.cas(r));
        return ConsulResponses.json(ConsulJson.bool(ok), r.pretty());
    }

    /** {@code DELETE /v1/kv/<key>[?recurse][&cas=]}: answers true, or false when the CAS failed. */
    HttpResponse delete(Request r) {
        final String key = r.tail();
        final boolean recurse = r.params().contains("recurse");
        if (!recurse) {
            requireKey(key);
        }
        final boolean ok = catalog.deleteKv(key, recurse, recurse ? null : ConfigEndpoints.cas(r));
        return ConsulResponses.json(ConsulJson.bool(ok), r.pretty());
    }

    /** Consul's {@code DirEntry}: an empty value is null, any other is base64. */
    private static ObjectNode render(KvEntry e) {
        final ObjectNode o = ConsulJson.object();
        o.put("LockIndex", 0);
        o.put("Key", e.key());
        o.put("Flags", e.flags());
        final byte[] value = e.value();
        if (value.length == 0) {
            o.putNull("Value");
        } else {
            o.put("Value", Base64.getEncoder().encodeToString(value));
        }
        o.put("CreateIndex", e.createIndex());
        o.put("ModifyIndex", e.modifyIndex());
        return o;
    }

    private static HttpResponse notFound(long index) {
        return ConsulResponses.withMeta(HttpStatus.NOT_FOUND, index, MediaType.PLAIN_TEXT_UTF_8, HttpData.empty());
    }

    private static void requireKey(String key) {
        if (key.isEmpty()) {
            throw ConsulApiException.badRequest("Missing key name");
        }
    }
}
