package dev.patternshop.order.domain;

import java.time.Duration;
import java.util.Objects;

/**
 * The saga's clocks and bounds (the service's settings, {@code orders.saga.*}).
 *
 * @param stepTimeout      how long a step's first send waits for its reply before the supervisor sends it again;
 *                         each re-send waits twice as long as the send before it (at most 8 x), so a participant that
 *                         is down for a minute (a restart) is waited for, not given up on
 * @param maxAttempts      sends of a step's command (the first included) before the saga gives up and compensates;
 *                         the pivot and the compensations are not bounded, they must end
 * @param retryBackoff     after a participant said "try again later" (a retryable payment failure): the first
 *                         wait, doubled per attempt
 * @param orderDeadline    an order not past its pivot by then is cancelled and compensated
 * @param compensationRetry how long an unacknowledged compensation waits before it is sent again, doubled per send
 *                          (at most 8 x): a compensation is sent until it is acknowledged
 */
public record SagaPolicy(
        Duration stepTimeout,
        int maxAttempts,
        Duration retryBackoff,
        Duration orderDeadline,
        Duration compensationRetry) {

    private static final int MAX_TIMEOUT_DOUBLINGS = 3;

    public SagaPolicy {
        Objects.requireNonNull(stepTimeout, "stepTimeout");
        Objects.requireNonNull(retryBackoff, "retryBackoff");
        Objects.requireNonNull(orderDeadline, "orderDeadline");
        Objects.requireNonNull(compensationRetry, "compensationRetry");
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("a step is sent at least once");
        }
    }

    /** How long send number {@code attempt} (1 for the first) waits for its reply: doubled per re-send, at most 8 x. */
    Duration timeoutOf(int attempt) {
        return stepTimeout.multipliedBy(1L << Math.min(Math.max(attempt - 1, 0), MAX_TIMEOUT_DOUBLINGS));
    }

    /** How long unacknowledged compensations wait before their send number {@code attempt + 1}: doubled, at most 8 x. */
    Duration compensationRetryOf(int attempt) {
        return compensationRetry.multipliedBy(1L << Math.min(Math.max(attempt - 1, 0), MAX_TIMEOUT_DOUBLINGS));
    }

    /** The wait before attempt {@code attempts + 1} after a retryable failure: doubled per attempt, at most a step. */
    Duration backoffAfter(int attempts) {
        Duration wait = retryBackoff.multipliedBy(1L << Math.min(attempts - 1, 20));
        return wait.compareTo(stepTimeout) > 0 ? stepTimeout : wait;
    }
}
