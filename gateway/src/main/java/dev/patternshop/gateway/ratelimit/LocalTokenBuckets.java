package dev.patternshop.gateway.ratelimit;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Token buckets in this process's memory: the login limit's fallback while the shared store (Redis) cannot be
 * asked, so that password guessing stays limited during a Redis outage (fail closed), per gateway instance
 * instead of shared. At most {@code maxKeys} buckets are kept (the least recently used go first), so a client
 * that makes up new keys cannot grow it without bound; one that does only resets buckets, each still bounded.
 */
class LocalTokenBuckets {

    private final Clock clock;
    private final Map<String, Bucket> buckets;

    LocalTokenBuckets(Clock clock, int maxKeys) {
        this.clock = clock;
        this.buckets = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Bucket> eldest) {
                return size() > maxKeys;
            }
        };
    }

    /** The same arithmetic as the Redis token bucket (a sliding-window policy is approximated by a bucket). */
    synchronized RateLimitDecision take(String key, RateLimitPolicy policy) {
        long now = clock.millis();
        Bucket bucket = buckets.computeIfAbsent(key, k -> new Bucket(policy.capacity(), now));
        double refilled = Math.min(
                policy.capacity(),
                bucket.tokens
                        + Math.max(0, now - bucket.updatedAt)
                                * (double) policy.replenish()
                                / policy.period().toMillis());
        boolean allowed = refilled >= 1;
        bucket.tokens = allowed ? refilled - 1 : refilled;
        bucket.updatedAt = now;
        Duration retryAfter = allowed
                ? Duration.ZERO
                : Duration.ofMillis(
                        (long) Math.ceil((1 - bucket.tokens) * policy.period().toMillis() / policy.replenish()));
        return new RateLimitDecision(allowed, policy.capacity(), (long) Math.floor(bucket.tokens), retryAfter, false);
    }

    private static final class Bucket {
        private double tokens;
        private long updatedAt;

        Bucket(double tokens, long updatedAt) {
            this.tokens = tokens;
            this.updatedAt = updatedAt;
        }
    }
}
