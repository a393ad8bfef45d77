package dev.patternshop.gateway.ratelimit;

import java.time.Duration;

/**
 * How many requests one client may make on a route.
 *
 * @param algorithm   token bucket (bursts up to {@code capacity}, refilled at {@code capacity / period}) or
 *                    sliding window (at most {@code capacity} in any {@code period}, estimated from two fixed windows)
 * @param capacity    the bucket size, or the window's limit
 * @param period      the time in which a full bucket refills, or the window's length
 */
public record RateLimitPolicy(Algorithm algorithm, long capacity, Duration period) {

    public enum Algorithm { TOKEN_BUCKET, SLIDING_WINDOW }

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
    }
}
