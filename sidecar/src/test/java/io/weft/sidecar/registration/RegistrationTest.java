package io.weft.sidecar.registration;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.weft.common.consul.ServiceRegistration;
import io.weft.sidecar.config.AppProtocol;
import io.weft.sidecar.config.SidecarConfig;
import io.weft.sidecar.config.ServiceLabels;

class RegistrationTest {

    @Test
    void registersTheInboundPortUnderTheAdvertisedAddressWithAnAdminHealthCheck() {
        final SidecarConfig config = SidecarConfig.builder().service("sum").instanceId("sum-1").token("t")
                                                  .bootstrapCaFile(Path.of("/r.pem")).appPort(9090)
                                                  .appProtocol(AppProtocol.HTTP).advertiseAddress("10.0.0.7")
                                                  .admin("0.0.0.0", 15000).build();
        assertThat(Registration.of(config, 21001, 15002)).isEqualTo(new ServiceRegistration(
                "sum-1", "sum", "10.0.0.7", 21001, List.of("weft"), Map.of("weft-protocol", "http"),
                "http://10.0.0.7:15002/healthz", "2s"));
    }

    @Test
    void theOperatorsTagsAndMetaAreRegisteredNextToWeftsOwn() {
        final SidecarConfig config = SidecarConfig.builder().service("sum").instanceId("sum-2").token("t")
                                                  .bootstrapCaFile(Path.of("/r.pem")).appPort(50051)
                                                  .labels(ServiceLabels.parse(List.of("canary"),
                                                                              List.of("version=v2", "zone=a")))
                                                  .build();
        final ServiceRegistration registration = Registration.of(config, 21002, 15003);
        assertThat(registration.tags()).containsExactly("weft", "canary");
        assertThat(registration.meta()).containsExactlyInAnyOrderEntriesOf(
                Map.of("version", "v2", "zone", "a", "weft-protocol", "grpc"));
    }

    @Test
    void consulProbesAWildcardAdminBindThroughTheAdvertisedAddressAndASpecificOneItself() {
        assertThat(ServiceRegistration.checkUrl("::", "fd00::7", 15000, "/healthz"))
                .isEqualTo("http://[fd00::7]:15000/healthz");
        assertThat(ServiceRegistration.checkUrl("127.0.0.1", "10.0.0.7", 15000, "/healthz"))
                .isEqualTo("http://127.0.0.1:15000/healthz");
        assertThat(ServiceRegistration.checkUrl("[::1]", "10.0.0.7", 15000, "/healthz"))
                .isEqualTo("http://[::1]:15000/healthz");
    }
}
