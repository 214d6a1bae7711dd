package io.weft.controlplane.testing;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import io.weft.common.annotation.Nullable;

/**
 * A test fixture that is a JUnit 5 extension, after Armeria's {@code ServerExtension}: registered with
 * {@code @RegisterExtension} on a static field it starts before the class's first test and closes after
 * its last; on an instance field it starts before and closes after each test. Outside JUnit, call
 * {@link #start()} and {@link #close()} (try-with-resources). Whatever {@link #doStart()} started,
 * {@link #doClose()} closes.
 */
public abstract class AllOrEachExtension
        implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback, AutoCloseable {

    // JUnit calls beforeAll only on extensions registered on static fields.
    private boolean perClass;
    private boolean started;

    @Override
    public final void beforeAll(ExtensionContext context) {
        perClass = true;
        start();
    }

    @Override
    public final void beforeEach(ExtensionContext context) {
        if (!perClass) {
            start();
        }
    }

    @Override
    public final void afterEach(ExtensionContext context) {
        if (!perClass) {
            close();
        }
    }

    @Override
    public final void afterAll(ExtensionContext context) {
        close();
    }

    /** Starts the fixture; a no-op when it is already started. If starting fails, closes what started. */
    public final synchronized void start() {
        if (started) {
            return;
        }
        started = true;
        try {
            doStart();
        } catch (Exception | AssertionError e) {
            close();
            if (e instanceof RuntimeException re) {
                throw re;
            }
            if (e instanceof AssertionError ae) {
                throw ae;
            }
            throw new IllegalStateException(getClass().getSimpleName() + " did not start", e);
        }
    }

    /** Closes everything the fixture started; a no-op when it is not started. It can be started again. */
    @Override
    public final synchronized void close() {
        if (started) {
            started = false;
            doClose();
        }
    }

    /** Whether {@link #start()} ran and {@link #close()} did not since. */
    public final synchronized boolean isStarted() {
        return started;
    }

    /** Starts what the fixture provides, on port 0. */
    protected abstract void doStart() throws Exception;

    /** Closes everything {@link #doStart()} and the fixture's accessors started; must not throw. */
    protected abstract void doClose();

    /** Throws unless the fixture is started: what it starts later would not be closed. */
    protected final void requireStarted() {
        checkStarted(isStarted() ? this : null, "fixture");
    }

    /** The value, or an error saying the fixture is not started. */
    protected final <T> T checkStarted(@Nullable T value, String what) {
        if (value == null) {
            throw new IllegalStateException(what + ": not started (register " + getClass().getSimpleName() +
                                            " with @RegisterExtension or call start())");
        }
        return value;
    }
}
