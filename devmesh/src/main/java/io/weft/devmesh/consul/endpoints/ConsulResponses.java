package io.weft.devmesh.consul.endpoints;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.common.ResponseHeadersBuilder;

import io.weft.devmesh.consul.catalog.ConsulApiException;

/** Builds responses with Consul's headers and plain-text error bodies. */
final class ConsulResponses {

    /** A JSON answer carrying the blocking-query meta headers Consul sets on catalog reads. */
    static HttpResponse json(JsonNode body, long index, boolean pretty) {
        return HttpResponse.of(meta(HttpStatus.OK, index).contentType(MediaType.JSON).build(),
                               HttpData.ofUtf8(render(body, pretty)));
    }

    /** An answer of any status and body with the query meta headers (a KV or config entry 404). */
    static HttpResponse withMeta(HttpStatus status, long index, MediaType type, HttpData body) {
        return HttpResponse.of(meta(status, index).contentType(type).build(), body);
    }

    private static ResponseHeadersBuilder meta(HttpStatus status, long index) {
        final ResponseHeadersBuilder h = ResponseHeaders.builder(status);
        h.add("X-Consul-Index", Long.toString(Math.max(1, index)));
        h.add("X-Consul-KnownLeader", "true");
        h.add("X-Consul-LastContact", "0");
        h.add("X-Consul-Effective-Consistency", "leader");
        return h;
    }

    /** A JSON answer without query meta (agent and status endpoints). */
    static HttpResponse json(JsonNode body, boolean pretty) {
        return HttpResponse.of(HttpStatus.OK, MediaType.JSON, render(body, pretty));
    }

    /** A successful write: 200 with an empty body, as Consul answers agent writes. */
    static HttpResponse ok() {
        return HttpResponse.of(ResponseHeaders.of(HttpStatus.OK));
    }

    static HttpResponse error(ConsulApiException e) {
        return HttpResponse.of(HttpStatus.valueOf(e.status()), MediaType.PLAIN_TEXT_UTF_8, e.getMessage());
    }

    static HttpResponse methodNotAllowed(String method, String allowed) {
        return HttpResponse.of(ResponseHeaders.builder(HttpStatus.METHOD_NOT_ALLOWED)
                                              .contentType(MediaType.PLAIN_TEXT_UTF_8)
                                              .add("Allow", allowed)
                                              .build(),
                               com.linecorp.armeria.common.HttpData.ofUtf8("method " + method + " not allowed"));
    }

    static HttpResponse notFound() {
        return HttpResponse.of(HttpStatus.NOT_FOUND, MediaType.PLAIN_TEXT_UTF_8, "404 page not found\n");
    }

    private static String render(JsonNode body, boolean pretty) {
        try {
            return pretty ? ConsulJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(body)
                          : ConsulJson.MAPPER.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render JSON", e);
        }
    }

    private ConsulResponses() {}
}
