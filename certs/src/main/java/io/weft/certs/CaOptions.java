package io.weft.certs;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Duration;

/**
 * How to generate a mesh CA. Immutable; build with {@link #builder()}.
 *
 * @param trustDomain the SPIFFE trust domain (default {@code weft.local})
 * @param datacenter the datacenter whose leaves this CA signs (default {@code dc1})
 * @param keyType the key type of root and intermediate (default {@link KeyType#EC_P256})
 * @param rootValidity how long the root is valid (default 10 years, 3650 days)
 * @param intermediateValidity how long the intermediate is valid (default 1 year, 365 days);
 *                             at most {@code rootValidity}
 * @param clock the time source for validity periods and later issuance (default UTC system clock)
 */
public record CaOptions(String trustDomain, String datacenter, KeyType keyType, Duration rootValidity,
                        Duration intermediateValidity, Clock clock) {

    /** Default trust domain. */
    public static final String DEFAULT_TRUST_DOMAIN = "weft.local";
    /** Default datacenter. */
    public static final String DEFAULT_DATACENTER = "dc1";
    /** Default root validity: 10 years. */
    public static final Duration DEFAULT_ROOT_VALIDITY = Duration.ofDays(3650);
    /** Default intermediate validity: 1 year. */
    public static final Duration DEFAULT_INTERMEDIATE_VALIDITY = Duration.ofDays(365);

    /** Validates every field. */
    public CaOptions {
        SpiffeId.checkTrustDomain(trustDomain);
        SpiffeId.checkName("datacenter", datacenter);
        requireNonNull(keyType, "keyType");
        requireNonNull(rootValidity, "rootValidity");
        requireNonNull(intermediateValidity, "intermediateValidity");
        requireNonNull(clock, "clock");
        if (rootValidity.compareTo(Duration.ofMinutes(1)) < 0) {
            throw new IllegalArgumentException("rootValidity: " + rootValidity + " (expected: >= PT1M)");
        }
        if (intermediateValidity.compareTo(Duration.ofMinutes(1)) < 0 ||
            intermediateValidity.compareTo(rootValidity) > 0) {
            throw new IllegalArgumentException("intermediateValidity: " + intermediateValidity +
                                               " (expected: >= PT1M and <= rootValidity " + rootValidity + ')');
        }
    }

    /** Returns the defaults for {@code trustDomain}. */
    public static CaOptions of(String trustDomain) {
        return builder().trustDomain(trustDomain).build();
    }

    /** Returns a builder with every default set. */
    public static Builder builder() {
        return new Builder();
    }

    /** Returns a builder starting from these options. */
    public Builder toBuilder() {
        return new Builder().trustDomain(trustDomain).datacenter(datacenter).keyType(keyType)
                            .rootValidity(rootValidity).intermediateValidity(intermediateValidity)
                            .clock(clock);
    }

    /** Builds {@link CaOptions}; {@link #build()} validates. */
    public static final class Builder {
        private String trustDomain = DEFAULT_TRUST_DOMAIN;
        private String datacenter = DEFAULT_DATACENTER;
        private KeyType keyType = KeyType.EC_P256;
        private Duration rootValidity = DEFAULT_ROOT_VALIDITY;
        private Duration intermediateValidity = DEFAULT_INTERMEDIATE_VALIDITY;
        private Clock clock = Clock.systemUTC();

        private Builder() {}

        /** Sets the SPIFFE trust domain. */
        public Builder trustDomain(String trustDomain) {
            this.trustDomain = trustDomain;
            return this;
        }

        /** Sets the datacenter. */
        public Builder datacenter(String datacenter) {
            this.datacenter = datacenter;
            return this;
        }

        /** Sets the key type of root and intermediate. */
        public Builder keyType(KeyType keyType) {
            this.keyType = keyType;
            return this;
        }

        /** Sets the root's validity. */
        public Builder rootValidity(Duration rootValidity) {
            this.rootValidity = rootValidity;
            return this;
        }

        /** Sets the intermediate's validity. */
        public Builder intermediateValidity(Duration intermediateValidity) {
            this.intermediateValidity = intermediateValidity;
            return this;
        }

        /** Sets the clock. */
        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /** Returns validated options. */
        public CaOptions build() {
            return new CaOptions(trustDomain, datacenter, keyType, rootValidity, intermediateValidity, clock);
        }
    }
}
