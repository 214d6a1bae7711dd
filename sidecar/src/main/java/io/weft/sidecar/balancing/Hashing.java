package io.weft.sidecar.balancing;

import java.util.List;

/**
 * The 64-bit hash consistent hashing places endpoints and request keys with: FNV-1a over the UTF-16
 * code units, finished with MurmurHash3's 64-bit mix so that near-equal inputs spread over the whole
 * range. Stable across processes and JVM versions, which {@link String#hashCode()} alone (32 bits,
 * clustered) is not good enough for.
 */
public final class Hashing {

    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;

    private Hashing() {}

    public static long hash64(CharSequence s) {
        long h = FNV_OFFSET;
        for (int i = 0; i < s.length(); i++) {
            final char c = s.charAt(i);
            h = (h ^ (c & 0xff)) * FNV_PRIME;
            h = (h ^ (c >>> 8)) * FNV_PRIME;
        }
        return mix(h);
    }

    /** Combines the hashes of several inputs in order, as Envoy combines its hash policies. */
    public static long combine(long previous, long next) {
        return Long.rotateLeft(previous, 1) ^ next;
    }

    static long mix(long h) {
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }

    /** Whether {@code s} is one of {@code candidates} (by identity; a service has tens of instances). */
    static boolean isCandidate(List<EndpointState> candidates, EndpointState s) {
        for (int i = 0; i < candidates.size(); i++) {
            if (candidates.get(i) == s) {
                return true;
            }
        }
        return false;
    }
}
