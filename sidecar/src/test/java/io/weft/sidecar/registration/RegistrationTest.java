package io.weft.sidecar.registration;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import io.weft.sidecar.config.AppProtocol;
import io.weft.sidecar.config.Listener;
import io.weft.sidecar.config.SidecarConfig;

class RegistrationTest {

    @Test
    void registersTheInboundPortUnderTheAdvertisedAddressWithAnAdminHealthCheck() {
        final SidecarConfig config = SidecarConfig.builder().service("sum").instanceId("sum-1").token("t")
                                                  .bootstrapCaFile(Path.of("/r.pem")).appPort(9090)
                                                  .appProtocol(AppProtocol.HTTP).advertiseAddress("10.0.0.7")
                                                  .admin("0.0.0.0", 15000).build();
        assertThat(Registration.of(config, 21001, 15002)).isEqualTo(new Registration(
                "sum-1", "sum", "10.0.0.7", 21001, "http", "http://10.0.0.7:15002/healthz", "2s"));
    }

    @Test
    void consulProbesAWildcardAdminBindThroughTheAdvertisedAddressAndASpecificOneItself() {
        assertThat(Registration.healthCheckUrl(new Listener("::", 1), "fd00::7", 15000))
                .isEqualTo("http://[fd00::7]:15000/healthz");
        assertThat(Registration.healthCheckUrl(new Listener("127.0.0.1", 1), "10.0.0.7", 15000))
                .isEqualTo("http://127.0.0.1:15000/healthz");
        assertThat(Registration.healthCheckUrl(new Listener("[::1]", 1), "10.0.0.7", 15000))
                .isEqualTo("http://[::1]:15000/healthz");
    }
}
