package io.weft.sidecar.testing;

import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.server.Server;

import io.weft.common.netty.BossGroups;

/** A plain HTTP app that answers every request with JSON of the path and headers it received. */
public final class EchoApp {
    private static final ObjectMapper JSON = new ObjectMapper();

    public static Server build() {
        return BossGroups.applyTo(Server.builder()).http(0).serviceUnder("/", (ctx, req) -> HttpResponse.of(
                req.aggregate().thenApply(agg -> {
                    final Map<String, Object> out = new TreeMap<>();
                    out.put("path", ctx.path());
                    out.put("query", ctx.query());
                    out.put("method", ctx.method().name());
                    out.put("bodyBytes", agg.content().length());
                    final Map<String, String> headers = new TreeMap<>();
                    agg.headers().forEach((k, v) -> headers.merge(k.toString(), v, (a, b) -> a + ',' + b));
                    out.put("headers", headers);
                    try {
                        return HttpResponse.of(HttpStatus.OK, MediaType.JSON_UTF_8, JSON.writeValueAsString(out));
                    } catch (JsonProcessingException e) {
                        return HttpResponse.of(HttpStatus.INTERNAL_SERVER_ERROR);
                    }
                }))).build();
    }

    private EchoApp() {}
}
