package io.weft.sidecar.identity;

import java.security.KeyPair;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.weft.common.annotation.Nullable;

import io.weft.certs.CertificateSigningRequests;
import io.weft.certs.KeyPairs;
import io.weft.certs.PeerVerificationException;
import io.weft.certs.PeerVerifier;
import io.weft.certs.SpiffeId;

/**
 * Owns this sidecar's key pairs and certificate. Keys are generated in-process (EC P-256) on the
 * blocking executor and never leave it; only CSRs do. An issued chain is accepted only for a key we
 * made and for our own SPIFFE ID, then swapped in with one volatile write: new TLS handshakes pick
 * it up, open connections keep theirs.
 *
 * <p>Renewal is scheduled on the injected scheduler at about half the lifetime ({@link RenewalPolicy});
 * while the control plane is unreachable the current certificate stays in use until it expires.
 */
public final class IdentityManager implements AutoCloseable {
    private static final Logger logger = LoggerFactory.getLogger(IdentityManager.class);
    private static final int MAX_PENDING_KEYS = 4;
    /** {@link #preparedCsr} once taken: a later {@link #prepareCsr()} makes nothing. */
    private static final CompletableFuture<String> DONE = CompletableFuture.completedFuture("");

    private final SpiffeId requestedId;
    private final Clock clock;
    private final ScheduledExecutorService scheduler;
    private final Executor blockingExecutor;
    private final RenewalPolicy policy;
    private final Map<PublicKey, KeyPair> pendingKeys = new ConcurrentHashMap<>();
    private final List<Consumer<Credentials>> listeners = new CopyOnWriteArrayList<>();
    private final AtomicLong rotations = new AtomicLong();
    /** A key pair and CSR made ahead ({@link #prepareCsr()}), taken by the next {@link #newCsr()}. */
    private final AtomicReference<CompletableFuture<String>> preparedCsr = new AtomicReference<>();
    @Nullable
    private volatile Credentials current;
    @Nullable
    private volatile Consumer<String> csrSink;
    @Nullable
    private ScheduledFuture<?> renewal;

    public IdentityManager(SpiffeId requestedId, Clock clock, ScheduledExecutorService scheduler,
                           Executor blockingExecutor, RenewalPolicy policy) {
        this.requestedId = requestedId;
        this.clock = clock;
        this.scheduler = scheduler;
        this.blockingExecutor = blockingExecutor;
        this.policy = policy;
    }

    public SpiffeId requestedId() {
        return requestedId;
    }

    /** The certificate in use, or {@code null} before the first one arrived. Never blocks. */
    @Nullable
    public Credentials current() {
        return current;
    }

    /** How many times a certificate replaced a previous one. */
    public long rotations() {
        return rotations.get();
    }

    /** Seconds until the current certificate expires (negative once expired, NaN without one). */
    public double secondsToExpiry() {
        final Credentials c = current;
        return c == null ? Double.NaN : Duration.between(clock.instant(), c.notAfter()).toMillis() / 1000.0;
    }

    /** Called with each new certificate, on the thread that accepted it. */
    public void addListener(Consumer<Credentials> listener) {
        listeners.add(listener);
    }

    /** Where renewals send their CSR (the discovery stream); set once the stream exists. */
    public void csrSink(Consumer<String> sink) {
        csrSink = sink;
    }

    /**
     * Starts making the key pair and CSR that the next {@link #newCsr()} returns, off the caller's thread:
     * a sidecar calls it as it starts, so that the key (and the first use of the code that makes it) is
     * ready by the time its control-plane stream opens instead of being made after. Once only; later
     * calls, and calls after that CSR was taken, do nothing.
     */
    public void prepareCsr() {
        final CompletableFuture<String> csr = new CompletableFuture<>();
        if (preparedCsr.compareAndSet(null, csr)) {
            makeCsr().whenComplete((pem, error) -> {
                if (error != null) {
                    csr.completeExceptionally(error);
                } else {
                    csr.complete(pem);
                }
            });
        }
    }

    /**
     * A fresh key pair and a CSR for it (the one {@link #prepareCsr()} started, if unused), off the
     * caller's thread.
     */
    public CompletableFuture<String> newCsr() {
        final CompletableFuture<String> prepared = preparedCsr.getAndSet(DONE);
        return prepared != null && prepared != DONE ? prepared : makeCsr();
    }

    private CompletableFuture<String> makeCsr() {
        return CompletableFuture.supplyAsync(() -> {
            final KeyPair keyPair = KeyPairs.generateEc();
            if (pendingKeys.size() >= MAX_PENDING_KEYS) {
                pendingKeys.clear(); // answers to very old CSRs are not worth keeping keys for
            }
            pendingKeys.put(keyPair.getPublic(), keyPair);
            return CertificateSigningRequests.create(keyPair, requestedId);
        }, blockingExecutor);
    }

    /**
     * Accepts a chain issued by the control plane, leaf first.
     *
     * @throws IllegalArgumentException naming what is wrong (the stream NACKs with it)
     */
    public Credentials accept(List<X509Certificate> chain, long version) {
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("certificate v" + version + ": empty chain (expected: leaf first)");
        }
        final X509Certificate leaf = chain.get(0);
        final KeyPair keyPair = pendingKeys.remove(leaf.getPublicKey());
        if (keyPair == null) {
            throw new IllegalArgumentException("certificate v" + version +
                                               ": public key matches no CSR this sidecar sent");
        }
        final SpiffeId id;
        try {
            id = PeerVerifier.spiffeIdOf(leaf, requestedId.trustDomain());
        } catch (PeerVerificationException e) {
            throw new IllegalArgumentException("certificate v" + version + ": " + e.getMessage(), e);
        }
        if (!id.service().equals(requestedId.service())) { // spiffeIdOf checked the trust domain
            throw new IllegalArgumentException("certificate v" + version + ": identity " + id +
                                               " (expected: " + requestedId + ')');
        }
        final Credentials next = Credentials.of(keyPair, chain, id, version);
        if (current != null) {
            rotations.incrementAndGet();
        }
        current = next;
        logger.info("Certificate v{} for {} valid until {}", version, id, next.notAfter());
        listeners.forEach(l -> l.accept(next));
        // Measured from receipt, not notBefore: the CA backdates notBefore for clock skew.
        final Instant received = clock.instant();
        scheduleRenewal(policy.renewAt(received, next.notAfter()), next, received);
        return next;
    }

    private synchronized void scheduleRenewal(Instant at, Credentials forCredentials, Instant received) {
        if (renewal != null) {
            renewal.cancel(false);
        }
        final long delayMillis = Math.max(0, Duration.between(clock.instant(), at).toMillis());
        renewal = scheduler.schedule(() -> renew(forCredentials, received), delayMillis, TimeUnit.MILLISECONDS);
    }

    private void renew(Credentials forCredentials, Instant received) {
        if (current != forCredentials) {
            return; // a newer certificate arrived meanwhile
        }
        logger.info("Renewing certificate v{} (expires {})", forCredentials.version(), forCredentials.notAfter());
        final Consumer<String> sink = csrSink;
        if (sink != null) {
            newCsr().thenAccept(sink).exceptionally(e -> {
                logger.warn("Could not make a CSR for renewal", e);
                return null;
            });
        }
        // If no answer comes (control plane unreachable), try again; the current cert stays in use.
        scheduleRenewal(clock.instant().plus(policy.retryInterval(received, forCredentials.notAfter())),
                        forCredentials, received);
    }

    @Override
    public synchronized void close() {
        if (renewal != null) {
            renewal.cancel(false);
        }
    }
}
