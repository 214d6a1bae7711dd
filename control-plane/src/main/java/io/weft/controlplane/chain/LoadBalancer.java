package io.weft.controlplane.chain;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import io.weft.common.annotation.Nullable;

/**
 * A resolver's {@code LoadBalancer}: the policy ({@code round_robin}, {@code least_request} with its
 * {@code ChoiceCount}, {@code random}, {@code ring_hash}, {@code maglev}) and, for the hash-based
 * policies, what to hash.
 */
public record LoadBalancer(String policy, long minimumRingSize, long maximumRingSize, long choiceCount,
                           List<HashPolicy> hashPolicies) {

    static final Set<String> POLICIES = Set.of("", "random", "round_robin", "least_request", "ring_hash", "maglev");

    public LoadBalancer {
        hashPolicies = List.copyOf(hashPolicies);
    }

    /**
     * One hash input: a header, cookie or query parameter named {@code fieldValue}, or the caller's
     * address; {@code terminal} stops at the first policy that yields a value.
     */
    public record HashPolicy(String field, String fieldValue, boolean sourceIp, boolean terminal,
                             boolean cookieSession, Duration cookieTtl, String cookiePath) {}

    public boolean isHashBased() {
        return "ring_hash".equals(policy) || "maglev".equals(policy);
    }

    @Nullable
    static LoadBalancer read(@Nullable EntryJson json) throws ChainException {
        if (json == null) {
            return null;
        }
        final String policy = json.text("Policy");
        if (!POLICIES.contains(policy)) {
            throw json.error("Bad LoadBalancer policy: \"" + policy + "\" is not supported");
        }
        final EntryJson ring = json.object("RingHashConfig");
        final EntryJson least = json.object("LeastRequestConfig");
        if (ring != null && !"ring_hash".equals(policy)) {
            throw json.error("Bad LoadBalancer configuration. RingHashConfig specified for incompatible load " +
                             "balancing policy \"" + policy + '"');
        }
        if (least != null && !"least_request".equals(policy)) {
            throw json.error("Bad LoadBalancer configuration. LeastRequestConfig specified for incompatible " +
                             "load balancing policy \"" + policy + '"');
        }
        final List<EntryJson> hashJson = json.objects("HashPolicies");
        final LoadBalancer lb = new LoadBalancer(policy, ring == null ? 0 : ring.unsigned("MinimumRingSize"),
                                                 ring == null ? 0 : ring.unsigned("MaximumRingSize"),
                                                 least == null ? 0 : least.unsigned("ChoiceCount"),
                                                 readHashPolicies(hashJson));
        if (!lb.hashPolicies.isEmpty() && !lb.isHashBased()) {
            throw json.error("Bad LoadBalancer configuration: HashPolicies specified for non-hash-based Policy: \"" +
                             policy + '"');
        }
        return lb;
    }

    private static List<HashPolicy> readHashPolicies(List<EntryJson> json) throws ChainException {
        final List<HashPolicy> out = new ArrayList<>();
        for (int i = 0; i < json.size(); i++) {
            final EntryJson h = json.get(i);
            final String field = h.text("Field");
            final String value = h.text("FieldValue");
            final boolean sourceIp = h.bool("SourceIP");
            if (!field.isEmpty() && !Set.of("header", "cookie", "query_parameter").contains(field)) {
                throw h.error("Bad LoadBalancer HashPolicy[" + i + "]: \"" + field +
                              "\" is not a supported field (expected: header, cookie, query_parameter)");
            }
            if (sourceIp && !field.isEmpty()) {
                throw h.error("Bad LoadBalancer HashPolicy[" + i + "]: A single hash policy cannot hash both a " +
                              "source address and a \"" + field + '"');
            }
            if (!field.isEmpty() && value.isEmpty()) {
                throw h.error("Bad LoadBalancer HashPolicy[" + i + "]: Field \"" + field +
                              "\" was specified without a FieldValue");
            }
            if (field.isEmpty() && !sourceIp) {
                throw h.error("Bad LoadBalancer HashPolicy[" + i + "]: one of Field or SourceIP is required");
            }
            final EntryJson cookie = h.object("CookieConfig");
            if (cookie != null && !"cookie".equals(field)) {
                throw h.error("Bad LoadBalancer HashPolicy[" + i + "]: cookie_config provided for \"" + field + '"');
            }
            if (cookie != null && cookie.bool("Session") && !cookie.duration("TTL").isZero()) {
                throw h.error("Bad LoadBalancer HashPolicy[" + i + "]: a session cookie cannot have an associated TTL");
            }
            out.add(new HashPolicy(field, value, sourceIp, h.bool("Terminal"),
                                   cookie != null && cookie.bool("Session"),
                                   cookie == null ? Duration.ZERO : cookie.duration("TTL"),
                                   cookie == null ? "" : cookie.text("Path")));
        }
        return out;
    }
}
