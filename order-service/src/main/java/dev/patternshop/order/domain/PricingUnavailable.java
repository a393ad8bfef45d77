package dev.patternshop.order.domain;

import java.time.Duration;

/** The catalog cannot price now (down, slow, or its breaker is open): fail fast, write nothing. */
public class PricingUnavailable extends RuntimeException {

    private final Duration retryAfter;

    public PricingUnavailable(String message, Duration retryAfter, Throwable cause) {
        super(message, cause);
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
