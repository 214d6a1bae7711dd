package io.weft.devmesh.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TableTest {

    @Test
    void alignsColumns() {
        final String out = new Table("SERVICE", "INSTANCES").row("sum", "2").row("hello-world", "1").render();
        assertThat(out).isEqualTo("""
                  SERVICE      INSTANCES
                  sum          2
                  hello-world  1
                """);
    }

    @Test
    void rowMustMatchHeaders() {
        assertThatThrownBy(() -> new Table("A", "B").row("x")).hasMessage("cells: 1 (expected: 2)");
    }
}
