package io.weft.sidecar;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator.ExecutionStatus;
import ch.qos.logback.core.ConsoleAppender;

class SidecarLoggingTest {

    @Test
    void infoForWeftWarnForTheRestOneLinePerEventOnStdout() {
        final LoggerContext context = new LoggerContext();
        SidecarLogging.toStdout(context);
        final ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        assertThat(root.getLevel()).isEqualTo(Level.WARN);
        assertThat(context.getLogger("io.weft.sidecar.Sidecar").getEffectiveLevel()).isEqualTo(Level.INFO);
        assertThat(context.getLogger("io.netty").getEffectiveLevel()).isEqualTo(Level.WARN);
        final ConsoleAppender<?> stdout = (ConsoleAppender<?>) root.getAppender("STDOUT");
        assertThat(stdout.isStarted()).isTrue();
        assertThat(stdout.getTarget()).isEqualTo("System.out");
        assertThat(((PatternLayoutEncoder) stdout.getEncoder()).getPattern()).isEqualTo(SidecarLogging.PATTERN);
    }

    @Test
    void aLogbackTestXmlOnTheClassPathWins() {
        // This module's tests have one (src/test/resources/logback-test.xml).
        final SidecarLogging logging = new SidecarLogging();
        final LoggerContext context = new LoggerContext();
        logging.setContext(context);
        assertThat(logging.configure(context)).isEqualTo(ExecutionStatus.INVOKE_NEXT_IF_ANY);
        assertThat(context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).getAppender("STDOUT")).isNull();
    }
}
