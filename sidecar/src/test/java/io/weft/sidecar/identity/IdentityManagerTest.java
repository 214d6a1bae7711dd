package io.weft.sidecar.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.weft.certs.CaOptions;
import io.weft.certs.CertificateAuthority;
import io.weft.certs.CertificateSigningRequests;
import io.weft.certs.KeyPairs;
import io.weft.certs.Pem;
import io.weft.certs.SpiffeId;

class IdentityManagerTest {
    private final CertificateAuthority ca = CertificateAuthority.generate(CaOptions.of("weft.local"));
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final IdentityManager identity = new IdentityManager(
            SpiffeId.of("weft.local", "dc1", "sum"), Clock.systemUTC(), scheduler, Runnable::run,
            new RenewalPolicy(() -> 0.5));

    @AfterEach
    void close() {
        identity.close();
        scheduler.shutdownNow();
    }

    @Test
    void acceptsAChainForItsOwnKeyAndCountsRotations() {
        final String first = ca.issue(identity.newCsr().join(), "sum", Duration.ofHours(1)).chainPem();
        assertThat(identity.accept(Pem.parseCertificates(first), 1).spiffeId().service()).isEqualTo("sum");
        assertThat(identity.rotations()).isZero();
        final String second = ca.issue(identity.newCsr().join(), "sum", Duration.ofHours(1)).chainPem();
        identity.accept(Pem.parseCertificates(second), 2);
        assertThat(identity.rotations()).isEqualTo(1);
        assertThat(identity.secondsToExpiry()).isBetween(3000.0, 3600.0);
    }

    @Test
    void rejectsAChainForAKeyItNeverMade() {
        final KeyPair stranger = KeyPairs.generateEc();
        final String chain = ca.issue(CertificateSigningRequests.create(stranger, SpiffeId.of("weft.local", "dc1", "sum")),
                                      "sum", Duration.ofHours(1)).chainPem();
        assertThatThrownBy(() -> identity.accept(Pem.parseCertificates(chain), 7))
                .hasMessageContaining("certificate v7: public key matches no CSR this sidecar sent");
        assertThat(identity.current()).isNull();
    }

    @Test
    void theFirstCsrIsThePreparedOneAndLaterOnesAreMadeWhenAskedFor() {
        final AtomicInteger made = new AtomicInteger();
        final IdentityManager counted = new IdentityManager(
                SpiffeId.of("weft.local", "dc1", "sum"), Clock.systemUTC(), scheduler,
                task -> {
                    made.incrementAndGet();
                    task.run();
                }, new RenewalPolicy(() -> 0.5));
        counted.prepareCsr();
        counted.prepareCsr(); // once only
        assertThat(made).hasValue(1);
        final String prepared = counted.newCsr().join();
        assertThat(made).hasValue(1); // the prepared one, not a new one
        final String fresh = counted.newCsr().join();
        counted.prepareCsr(); // the prepared one was taken: nothing more
        assertThat(made).hasValue(2);
        assertThat(prepared).isNotEqualTo(fresh);
        // each was made for a key the manager keeps: an answer to either is accepted
        counted.accept(Pem.parseCertificates(ca.issue(prepared, "sum", Duration.ofHours(1)).chainPem()), 1);
        counted.accept(Pem.parseCertificates(ca.issue(fresh, "sum", Duration.ofHours(1)).chainPem()), 2);
        assertThat(counted.rotations()).isEqualTo(1);
        counted.close();
    }
}
