package dev.patternshop.gateway.ratelimit;

import java.time.Duration;
import java.util.Locale;

/**
 * How many requests one client may make on a route.
 *
 * @param algorithm   token bucket (bursts up to {@code capacity}, refilled at {@code replenish / period}) or
 *                    sliding window (at most {@code capacity} in any {@code period}, estimated from two fixed windows)
 * @param capacity    the bucket size (the burst), or the window's limit
 * @param period      the time in which {@code replenish} tokens come back, or the window's length
 * @param replenish   token bucket only: tokens added per period; defaults to {@code capacity} (a full refill)
 */
public record RateLimitPolicy(Algorithm algorithm, long capacity, Duration period, Long replenish) {

    public enum Algorithm {
        TOKEN_BUCKET,
        SLIDING_WINDOW;

        /**
         * In the limiter's Redis keys ({@code token_bucket}). Spelled once, in the root locale: elsewhere, as in
         * Turkish, lower-casing SLIDING_WINDOW gives a dotless i, and instances would count in different keys.
         */
        private final String storeKey = name().toLowerCase(Locale.ROOT);

        private final String headerName = storeKey.replace('_', '-');

        public String storeKey() {
            return storeKey;
        }

        /** In the {@code RateLimit-Policy} header ({@code token-bucket}). */
        public String headerName() {
            return headerName;
        }
    }

    public RateLimitPolicy {
        if (algorithm == null) {
            algorithm = Algorithm.TOKEN_BUCKET;
        }
        if (capacity < 1) {
            throw new IllegalArgumentException("rate limit capacity must be at least 1");
        }
        if (period == null || period.toMillis() < 1) {
            throw new IllegalArgumentException("rate limit period must be at least 1 ms");
        }
        if (replenish == null) {
            replenish = capacity;
        }
        if (replenish < 1) {
            throw new IllegalArgumentException("rate limit replenish must be at least 1");
        }
    }
}
