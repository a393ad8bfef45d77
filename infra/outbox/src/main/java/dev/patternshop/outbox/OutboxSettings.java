package dev.patternshop.outbox;

import java.time.Duration;

/**
 * How a relay works.
 *
 * @param pollInterval     the safety net: how long an idle leader waits for a commit's notification before it
 *                         looks anyway (a writer that did not notify, a LISTEN session that broke). Commits wake
 *                         it at once ({@link Outbox#CHANNEL}); this only bounds the lag when they do not.
 * @param batchSize        rows published per round
 * @param retention        how long published rows stay (for inspection) before clean-up deletes them
 * @param sendTimeout      how long a round waits for the broker's acknowledgements; the producer's
 *                         {@code max.block.ms} and {@code delivery.timeout.ms} must be below it
 * @param takeoverInterval how often a follower asks for leadership (and a failed round waits, and a leader whose
 *                         LISTEN session broke tries again)
 * @param lease            how long a leader that stopped answering (frozen, partitioned) keeps leadership: the
 *                         database ends its session after that much silence, and a follower takes over. The
 *                         leader heartbeats every third of it.
 * @param maxAttempts      how often the broker may refuse a row (a record too large, an invalid topic) before the
 *                         relay sets it aside and goes on with the rows behind it
 * @param cleanupInterval  how often the leader deletes published rows past their retention, busy or not
 */
public record OutboxSettings(
        Duration pollInterval,
        int batchSize,
        Duration retention,
        Duration sendTimeout,
        Duration takeoverInterval,
        Duration lease,
        int maxAttempts,
        Duration cleanupInterval) {

    public static final Duration DEFAULT_LEASE = Duration.ofSeconds(6);
    public static final int DEFAULT_MAX_ATTEMPTS = 5;
    public static final Duration DEFAULT_CLEANUP_INTERVAL = Duration.ofMinutes(1);
    /** Below it the heartbeat (every third of the lease) would be a busy loop. */
    public static final Duration MIN_LEASE = Duration.ofMillis(300);

    public static final OutboxSettings DEFAULTS = new OutboxSettings(
            Duration.ofSeconds(1), 200, Duration.ofHours(1), Duration.ofSeconds(15), Duration.ofSeconds(1));

    public OutboxSettings {
        if (!positive(pollInterval) || !positive(sendTimeout) || !positive(cleanupInterval)) {
            throw new IllegalArgumentException(
                    "outbox poll interval, send timeout and clean-up interval must be positive");
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("outbox batch size must be at least 1");
        }
        if (retention == null || retention.isNegative() || takeoverInterval == null || takeoverInterval.isNegative()) {
            throw new IllegalArgumentException("outbox retention and takeover interval must not be negative");
        }
        if (lease == null || lease.compareTo(MIN_LEASE) < 0) {
            throw new IllegalArgumentException("outbox lease must be at least " + MIN_LEASE.toMillis() + " ms");
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("outbox max attempts must be at least 1");
        }
    }

    /** The settings before the lease, set-aside and clean-up knobs, with their defaults. */
    public OutboxSettings(
            Duration pollInterval, int batchSize, Duration retention, Duration sendTimeout, Duration takeoverInterval) {
        this(
                pollInterval,
                batchSize,
                retention,
                sendTimeout,
                takeoverInterval,
                DEFAULT_LEASE,
                DEFAULT_MAX_ATTEMPTS,
                DEFAULT_CLEANUP_INTERVAL);
    }

    /** These settings with another poll interval (the safety net behind the commit notifications). */
    public OutboxSettings withPollInterval(Duration interval) {
        return new OutboxSettings(
                interval, batchSize, retention, sendTimeout, takeoverInterval, lease, maxAttempts, cleanupInterval);
    }

    private static boolean positive(Duration duration) {
        return duration != null && !duration.isNegative() && !duration.isZero();
    }
}
