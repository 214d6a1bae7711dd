package io.weft.controlplane;

import java.net.URI;

import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpStatus;

/** Test helper: creates intentions the way {@code consul intention create} does. */
final class ConsulIntentions {

    private ConsulIntentions() {}

    static void create(URI consul, String source, String destination, String action) {
        final AggregatedHttpResponse res = WebClient.of(consul).put(
                "/v1/connect/intentions/exact?source=" + source + "&destination=" + destination,
                com.linecorp.armeria.common.HttpData.ofUtf8("{\"Action\":\"" + action + "\"}"))
                                                    .aggregate().join();
        if (!res.status().equals(HttpStatus.OK)) {
            throw new IllegalStateException("creating intention " + source + " -> " + destination + ": " +
                                            res.status() + ' ' + res.contentUtf8());
        }
    }
}
