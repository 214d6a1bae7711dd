package io.weft.devmesh.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

class ServiceDefinitionsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode body(String json) throws Exception {
        return ServiceDefinitions.toAgentBody(JSON.readTree(json));
    }

    @Test
    void agentApiFormPassesThrough() throws Exception {
        final String json = "{\"ID\":\"echo-1\",\"Name\":\"echo\",\"Port\":21010,"
                            + "\"Meta\":{\"weft-protocol\":\"http\"},"
                            + "\"Check\":{\"HTTP\":\"http://127.0.0.1:15010/healthz\",\"Interval\":\"1s\"}}";
        assertThat(body(json)).isEqualTo(JSON.readTree(json));
    }

    @Test
    void configFileFormIsTranslated() throws Exception {
        final JsonNode body = body("{\"service\":{\"id\":\"echo-1\",\"name\":\"echo\",\"port\":21010,"
                                   + "\"meta\":{\"weft-protocol\":\"http\"},"
                                   + "\"check\":{\"http\":\"http://127.0.0.1:15010/healthz\",\"interval\":\"1s\","
                                   + "\"deregister_critical_service_after\":\"1m\"}}}");
        assertThat(body.get("ID").asText()).isEqualTo("echo-1");
        assertThat(body.get("Name").asText()).isEqualTo("echo");
        assertThat(body.get("Port").asInt()).isEqualTo(21010);
        assertThat(body.get("Meta").get("weft-protocol").asText()).isEqualTo("http"); // user keys kept
        assertThat(body.get("Check").get("HTTP").asText()).isEqualTo("http://127.0.0.1:15010/healthz");
        assertThat(body.get("Check").get("Interval").asText()).isEqualTo("1s");
        assertThat(body.get("Check").get("DeregisterCriticalServiceAfter").asText()).isEqualTo("1m");
    }

    @Test
    void rejectsWhatConsulWould() {
        assertThatThrownBy(() -> body("[1]")).hasMessageContaining("expected a JSON object");
        assertThatThrownBy(() -> body("{\"Port\":1}")).hasMessageContaining("missing \"Name\"");
        assertThatThrownBy(() -> body("{\"Name\":\"x\",\"Port\":\"many\"}"))
                .hasMessage("\"Port\": \"many\" (expected: a number)");
    }
}
