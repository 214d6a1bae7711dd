package io.weft.sidecar.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.prometheus.PrometheusMeterRegistries;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.Server;
import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.server.ServiceRequestContext;

import io.weft.sidecar.metrics.SidecarMetrics;

/** {@code /quitquitquit}: a POST from loopback asks the sidecar to quit; nothing else does. */
class QuitEndpointTest {
    private final AtomicInteger quits = new AtomicInteger();

    @Test
    void aPostFromLoopbackQuits() throws Exception {
        final AggregatedHttpResponse res = call(HttpMethod.POST, "127.0.0.1");
        assertThat(res.status()).isEqualTo(HttpStatus.OK);
        assertThat(quits).hasValue(1);
    }

    @Test
    void aCallerOffThisHostIsForbiddenAndNamed() throws Exception {
        final AggregatedHttpResponse res = call(HttpMethod.POST, "10.1.2.3");
        assertThat(res.status()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(res.contentUtf8()).contains("caller 10.1.2.3 (expected: a loopback address");
        assertThat(quits).hasValue(0);
    }

    @Test
    void anotherMethodIs405WithAllowPost() throws Exception {
        final AggregatedHttpResponse res = call(HttpMethod.GET, "127.0.0.1");
        assertThat(res.status()).isEqualTo(HttpStatus.METHOD_NOT_ALLOWED);
        assertThat(res.headers().get("allow")).isEqualTo("POST");
        assertThat(res.contentUtf8()).contains("method GET (expected: POST)");
        assertThat(quits).hasValue(0);
    }

    private AggregatedHttpResponse call(HttpMethod method, String caller) throws Exception {
        final ServerBuilder sb = Server.builder();
        new AdminService(new QuittingStatus(), new SidecarMetrics(PrometheusMeterRegistries.newRegistry()), null,
                         Runnable::run).configure(sb);
        final HttpService quit = sb.build().serviceConfigs().stream()
                                   .filter(c -> c.route().patternString().equals("/quitquitquit"))
                                   .findFirst().orElseThrow().service();
        final HttpRequest req = HttpRequest.of(method, "/quitquitquit");
        final ServiceRequestContext ctx = ServiceRequestContext.builder(req)
                                                               .remoteAddress(new InetSocketAddress(caller, 40000))
                                                               .build();
        return quit.serve(ctx, req).aggregate().join();
    }

    private final class QuittingStatus implements SidecarStatus {
        @Override
        public boolean ready() {
            return true;
        }

        @Override
        public String readinessDetail() {
            return "ready";
        }

        @Override
        public ConfigView configView() {
            throw new UnsupportedOperationException();
        }

        @Override
        public CertsView certs() {
            throw new UnsupportedOperationException();
        }

        @Override
        public void requestQuit() {
            quits.incrementAndGet();
        }
    }
}
