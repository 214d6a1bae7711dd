package io.weft.devmesh.consul.checks;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.client.WebClientRequestPreparation;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;

import io.weft.devmesh.consul.catalog.CheckDefinition;
import io.weft.devmesh.consul.catalog.HealthStatus;

/**
 * Consul's HTTP check: 2xx is passing, 429 warning, anything else (or no answer within the
 * timeout) critical. Asynchronous; never blocks the calling thread.
 */
final class HttpProbe {
    private final WebClient client;
    private final WebClient insecureClient;

    HttpProbe(WebClient client, WebClient insecureClient) {
        this.client = client;
        this.insecureClient = insecureClient;
    }

    CompletableFuture<ProbeResult> probe(CheckDefinition def, Duration timeout) {
        final String method = def.method().isEmpty() ? "GET" : def.method().toUpperCase(java.util.Locale.ROOT);
        final HttpMethod httpMethod;
        try {
            httpMethod = HttpMethod.valueOf(method);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.completedFuture(ProbeResult.critical("invalid method " + method));
        }
        final WebClientRequestPreparation req =
                (def.tlsSkipVerify() ? insecureClient : client).prepare()
                        .method(httpMethod)
                        .path(def.http())
                        .responseTimeout(timeout)
                        .header("User-Agent", "Consul Health Check")
                        .header("Accept", "text/plain, text/*, */*");
        for (Map.Entry<String, List<String>> h : def.header().entrySet()) {
            for (String v : h.getValue()) {
                req.header(h.getKey(), v);
            }
        }
        if (!def.body().isEmpty()) {
            req.content(MediaType.PLAIN_TEXT_UTF_8, def.body());
        }
        final CompletableFuture<ProbeResult> result;
        try {
            result = req.execute().aggregate().handle((res, err) -> {
                if (err != null) {
                    return ProbeResult.critical(goMethod(method) + " \"" + def.http() + "\": " + describe(err));
                }
                final HttpStatus status = res.status();
                final String output = "HTTP " + method + ' ' + def.http() + ": " + status + " Output: " +
                                      res.contentUtf8();
                if (status.isSuccess()) {
                    return ProbeResult.passing(ProbeResult.truncate(output));
                }
                if (status.code() == 429) {
                    return new ProbeResult(HealthStatus.WARNING, ProbeResult.truncate(output));
                }
                return ProbeResult.critical(ProbeResult.truncate(output));
            });
        } catch (RuntimeException e) {
            // A URL Armeria cannot even parse.
            return CompletableFuture.completedFuture(
                    ProbeResult.critical(goMethod(method) + " \"" + def.http() + "\": " + describe(e)));
        }
        return result;
    }

    /** Go's url.Error prints the method as "Get", "Post", ... */
    private static String goMethod(String method) {
        return method.charAt(0) + method.substring(1).toLowerCase(java.util.Locale.ROOT);
    }

    static String describe(Throwable err) {
        Throwable t = err;
        while ((t instanceof java.util.concurrent.CompletionException ||
                t instanceof com.linecorp.armeria.client.UnprocessedRequestException) && t.getCause() != null) {
            t = t.getCause();
        }
        final String msg = t.getMessage();
        return msg == null || msg.isBlank() ? t.getClass().getSimpleName() : msg;
    }
}
