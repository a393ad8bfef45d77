package dev.patternshop.notification.webhook;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * The wait before the next attempt: {@code min(max, initial * multiplier^(failed - 1))}, then randomized by
 * {@code +- jitter}. Pure: the random source is passed in, so the schedule is tested without waiting.
 */
public record Backoff(Duration initial, double multiplier, Duration max, double jitter) {

    /**
     * @param failedAttempts attempts failed so far in this round (1 after the first failure)
     * @param random         a value in [0, 1): 0 gives the shortest wait, towards 1 the longest
     */
    public Duration after(int failedAttempts, DoubleSupplier random) {
        if (failedAttempts < 1) {
            throw new IllegalArgumentException("failedAttempts must be at least 1");
        }
        double base = Math.min(max.toMillis(), initial.toMillis() * Math.pow(multiplier, failedAttempts - 1));
        double factor = 1 - jitter + 2 * jitter * random.getAsDouble();
        return Duration.ofMillis(Math.round(base * factor));
    }

    /** The shortest wait {@link #after} can answer: what a test may assert the worker never undercuts. */
    public Duration atLeast(int failedAttempts) {
        return after(failedAttempts, () -> 0);
    }
}
