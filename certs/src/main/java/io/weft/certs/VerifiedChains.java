package io.weft.certs;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

import io.weft.certs.PeerVerifier.Purpose;

/**
 * Chains a {@link PeerVerifier} has accepted, so a peer that reconnects with the same chain costs a map
 * lookup instead of two signature checks. Sound because, for a fixed bundle and no revocation checking,
 * the only input that changes the verdict is the instant, and the entry remembers the window in which
 * every certificate of the chain is valid. Only successes are stored. Lock-free; bounded by emptying
 * the map when it is full (a burst of misses, never a wrong answer).
 */
final class VerifiedChains {

    private record Key(List<X509Certificate> chain, Purpose purpose) {}

    private record Entry(SpiffeId id, Instant validFrom, Instant validUntil) {}

    private final ConcurrentHashMap<Key, Entry> entries = new ConcurrentHashMap<>();
    private final int maxSize;

    VerifiedChains(int maxSize) {
        this.maxSize = maxSize;
    }

    /** Returns the identity if this exact chain was accepted for {@code purpose} and is valid at {@code now}. */
    SpiffeId get(X509Certificate[] chain, Purpose purpose, Instant now) {
        if (maxSize == 0) {
            return null;
        }
        final Entry entry = entries.get(new Key(List.of(chain), purpose));
        return entry != null && !now.isBefore(entry.validFrom) && !now.isAfter(entry.validUntil) ? entry.id : null;
    }

    /** Remembers that {@code chain} was accepted for {@code purpose} with identity {@code id}. */
    void put(X509Certificate[] chain, Purpose purpose, SpiffeId id) {
        if (maxSize == 0) {
            return;
        }
        Instant from = Instant.MIN;
        Instant until = Instant.MAX;
        for (X509Certificate cert : chain) {
            final Instant notBefore = cert.getNotBefore().toInstant();
            final Instant notAfter = cert.getNotAfter().toInstant();
            from = notBefore.isAfter(from) ? notBefore : from;
            until = notAfter.isBefore(until) ? notAfter : until;
        }
        if (entries.size() >= maxSize) {
            entries.clear();
        }
        entries.put(new Key(List.of(chain), purpose), new Entry(id, from, until));
    }
}
