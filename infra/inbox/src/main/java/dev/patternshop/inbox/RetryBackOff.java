package dev.patternshop.inbox;

import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * The waits between the deliveries of a failing message: exponential with jitter (Spring Framework's
 * {@link ExponentialBackOff}). The jitter setting is a fraction; the framework's jitter is absolute for the first wait
 * and grows with the multiplier, so the spread stays the same fraction of every wait. Each wait lies within
 * {@code nominal * (1 - jitter)} and {@code nominal * (1 + jitter)}, never below the initial wait nor above the
 * maximum; after {@code maxAttempts - 1} waits it stops (the first delivery is an attempt too).
 */
final class RetryBackOff {

    private RetryBackOff() {}

    static BackOff from(ConsumerSettings settings) {
        long initial = settings.initialBackoff().toMillis();
        ExponentialBackOff backOff = new ExponentialBackOff(initial, settings.multiplier());
        backOff.setMaxInterval(settings.maxBackoff().toMillis());
        backOff.setJitter(Math.round(initial * settings.jitter()));
        backOff.setMaxAttempts(settings.maxAttempts() - 1L);
        backOff.setMaxElapsedTime(Long.MAX_VALUE);
        return backOff;
    }
}
