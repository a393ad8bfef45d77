package dev.patternshop.gateway.ratelimit;

import java.time.Duration;

/**
 * The answer for one request: allowed or not, what is left, and when to come back.
 *
 * @param retryAfter how long until a request would be allowed (zero when allowed)
 * @param degraded   true when the limiter could not be asked (Redis down) and the request was let through
 */
public record RateLimitDecision(boolean allowed, long limit, long remaining, Duration retryAfter, boolean degraded) {

    static RateLimitDecision unlimited(long limit) {
        return new RateLimitDecision(true, limit, limit, Duration.ZERO, true);
    }
}
