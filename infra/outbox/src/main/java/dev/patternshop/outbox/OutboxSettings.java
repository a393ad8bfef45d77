package dev.patternshop.outbox;

import java.time.Duration;

/**
 * How a relay works.
 *
 * @param pollInterval how long an idle relay (or a follower) waits before looking again
 * @param batchSize    rows published per round
 * @param retention    how long published rows stay (for inspection) before clean-up deletes them
 * @param sendTimeout  how long a round waits for the broker's acknowledgements
 * @param takeoverInterval how often a follower asks for leadership (and a failed round waits)
 */
public record OutboxSettings(
        Duration pollInterval, int batchSize, Duration retention, Duration sendTimeout, Duration takeoverInterval) {

    public static final OutboxSettings DEFAULTS = new OutboxSettings(
            Duration.ofMillis(50), 200, Duration.ofHours(1), Duration.ofSeconds(15), Duration.ofSeconds(1));

    public OutboxSettings {
        if (pollInterval == null || pollInterval.isNegative() || pollInterval.isZero()) {
            throw new IllegalArgumentException("outbox poll interval must be positive");
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("outbox batch size must be at least 1");
        }
        if (retention == null
                || retention.isNegative()
                || sendTimeout == null
                || sendTimeout.isNegative()
                || takeoverInterval == null
                || takeoverInterval.isNegative()) {
            throw new IllegalArgumentException(
                    "outbox retention, send timeout and takeover interval must not be negative");
        }
    }
}
