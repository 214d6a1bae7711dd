package io.weft.demo.sum.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

class ValuesTest {

    @Test
    void port() {
        assertThat(Values.port("--port", "0")).isZero();
        assertThat(Values.port("--port", "65535")).isEqualTo(65535);
        assertThatThrownBy(() -> Values.port("--port", "65536"))
                .hasMessage("--port: 65536 (expected: an integer in 0..65535)");
        assertThatThrownBy(() -> Values.port("--port", "abc"))
                .hasMessage("--port: abc (expected: an integer in 0..65535)");
        assertThatThrownBy(() -> Values.port("--port", ""))
                .hasMessage("--port: (empty) (expected: an integer in 0..65535)");
    }

    @Test
    void host() {
        assertThat(Values.host("--bind", "0.0.0.0")).isEqualTo("0.0.0.0");
        assertThat(Values.host("--bind", "::1")).isEqualTo("::1");
        assertThatThrownBy(() -> Values.host("--bind", "a b"))
                .hasMessageStartingWith("--bind: a b (expected: a host name or IP address");
    }

    @Test
    void instanceId() {
        assertThat(Values.instanceId("--instance-id", "sum-1")).isEqualTo("sum-1");
        assertThatThrownBy(() -> Values.instanceId("--instance-id", "sum 1"))
                .hasMessageStartingWith("--instance-id: sum 1 (expected: 1 to 63 of [A-Za-z0-9._-]");
        assertThatThrownBy(() -> Values.instanceId("--instance-id", "x".repeat(64)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void checkPositive() {
        assertThat(Values.checkPositive("--grace", Duration.ofMillis(500))).isEqualTo(Duration.ofMillis(500));
        assertThatThrownBy(() -> Values.checkPositive("--grace", Duration.ZERO))
                .hasMessage("--grace: 0s (expected: > 0)");
        assertThatThrownBy(() -> Values.checkPositive("--grace", Duration.ofSeconds(-2)))
                .hasMessage("--grace: PT-2S (expected: > 0)");
    }

    @Test
    void httpUri() {
        assertThat(Values.httpUri("--upstream", "http://127.0.0.1:15001"))
                .isEqualTo(URI.create("http://127.0.0.1:15001"));
        assertThat(Values.httpUri("--upstream", "http://localhost/")).isEqualTo(URI.create("http://localhost/"));
        for (String bad : new String[] { "127.0.0.1:15001", "https://h:1", "http://h:1/path", "http://u@h:1",
                                         "http://h:1?q", "http://" }) {
            assertThatThrownBy(() -> Values.httpUri("--upstream", bad))
                    .as(bad)
                    .hasMessageStartingWith("--upstream: " + bad + " (expected: ");
        }
    }

    @Test
    void authority() {
        assertThat(Values.authority("--upstream-authority", "sum")).isEqualTo("sum");
        assertThat(Values.authority("--upstream-authority", "sum.weft:80")).isEqualTo("sum.weft:80");
        assertThatThrownBy(() -> Values.authority("--upstream-authority", "sum/x"))
                .hasMessage("--upstream-authority: sum/x (expected: host or host:port, e.g. sum)");
    }

    @Test
    void defaultInstanceIdPrefersHostnameFromEnv() {
        assertThat(Values.defaultInstanceId(Map.of("HOSTNAME", "sum-7"))).isEqualTo("sum-7");
        assertThat(Values.defaultInstanceId(Map.of("HOSTNAME", "not valid"))).matches("[A-Za-z0-9._-]+");
    }
}
