package io.weft.sidecar;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * The sidecar's logging, configured in code (logback finds this class through
 * {@code META-INF/services}): one line per event on stdout, INFO for {@code io.weft}, WARN for the rest.
 * As a logback.xml the same took logback's XML configurator, which loads ~550 classes (Joran and the
 * JDK's XML parser) that stay for the process's life, and a noticeable part of every start.
 *
 * <p>A configuration file still wins: {@code -Dlogback.configurationFile=FILE}, or a
 * {@code logback-test.xml} on the class path (the tests').
 */
public final class SidecarLogging extends ContextAwareBase implements Configurator {

    static final String PATTERN = "%d{HH:mm:ss.SSS} %-5level [%thread] %logger{36} - %msg%n";

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (System.getProperty("logback.configurationFile") != null
            || SidecarLogging.class.getClassLoader().getResource("logback-test.xml") != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        toStdout(context);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    /** Configures {@code context}: the pattern on stdout, INFO for {@code io.weft}, WARN for the rest. */
    static void toStdout(LoggerContext context) {
        final PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(PATTERN);
        encoder.start();
        final ConsoleAppender<ILoggingEvent> stdout = new ConsoleAppender<>();
        stdout.setContext(context);
        stdout.setName("STDOUT");
        stdout.setEncoder(encoder);
        stdout.start();
        final ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.WARN);
        root.addAppender(stdout);
        context.getLogger("io.weft").setLevel(Level.INFO);
        // Each Armeria Server registers the gauge armeria.build.info, and a sidecar runs several on one meter
        // registry: Micrometer warned of the duplicate at every start, a WARN an operator can do nothing about.
        context.getLogger("io.micrometer.core.instrument.MeterRegistry").setLevel(Level.ERROR);
    }
}
