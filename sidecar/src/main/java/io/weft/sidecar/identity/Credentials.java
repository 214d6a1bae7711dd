package io.weft.sidecar.identity;

import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import com.linecorp.armeria.common.TlsKeyPair;

import io.weft.certs.SpiffeId;

/** This sidecar's current identity: its own key pair and the chain the control plane issued for it. */
public record Credentials(KeyPair keyPair, List<X509Certificate> chain, SpiffeId spiffeId, long version,
                          TlsKeyPair tlsKeyPair) {

    public Credentials {
        chain = List.copyOf(chain);
    }

    static Credentials of(KeyPair keyPair, List<X509Certificate> chain, SpiffeId id, long version) {
        return new Credentials(keyPair, chain, id, version, TlsKeyPair.of(keyPair.getPrivate(), chain));
    }

    public X509Certificate leaf() {
        return chain.get(0);
    }

    public Instant notBefore() {
        return leaf().getNotBefore().toInstant();
    }

    public Instant notAfter() {
        return leaf().getNotAfter().toInstant();
    }

    public Duration lifetime() {
        return Duration.between(notBefore(), notAfter());
    }
}
