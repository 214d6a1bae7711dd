package io.weft.devmesh.consul.endpoints;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import com.linecorp.armeria.common.QueryParams;

import io.weft.devmesh.consul.catalog.ConsulApiException;

class QueryOptionsTest {

    @Test
    void waitDefaultsToFiveMinutesAndIsCappedAtTenWithUpToASixteenthOfJitter() {
        assertThat(QueryOptions.parse(QueryParams.of()).maxWait()).isEqualTo(Duration.ofMinutes(5));
        assertThat(QueryOptions.parse(QueryParams.of("wait", "20m")).maxWait()).isEqualTo(Duration.ofMinutes(10));
        final QueryOptions options = QueryOptions.parse(QueryParams.of("wait", "16s", "index", "42"));
        assertThat(options.index()).isEqualTo(42);
        for (int i = 0; i < 100; i++) {
            assertThat(options.waitWithJitter()).isBetween(Duration.ofSeconds(16), Duration.ofSeconds(17));
        }
        assertThatThrownBy(() -> QueryOptions.parse(QueryParams.of("index", "x")))
                .isInstanceOf(ConsulApiException.class).hasMessage("Invalid index");
    }
}
