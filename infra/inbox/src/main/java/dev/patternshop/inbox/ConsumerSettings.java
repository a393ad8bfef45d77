package dev.patternshop.inbox;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How every consumer of a service works ({@code patternshop.messaging.consumer.*}).
 *
 * @param concurrency    Kafka consumers (threads) per consumer and instance; more than the topic's partitions divided
 *                       by the instances leaves some idle
 * @param maxAttempts    deliveries of a message that fails transiently, the first included, before it is
 *                       dead-lettered (1: no retry)
 * @param initialBackoff the wait before the first retry
 * @param multiplier     each next wait is the previous one times this
 * @param maxBackoff     no wait is longer; at most 1 minute, because the retries are blocking: the consumer thread
 *                       waits, and it must poll again within Kafka's {@code max.poll.interval.ms} (5 minutes)
 * @param jitter         each wait is moved by up to this fraction of itself, at random, up or down (never below
 *                       {@code initialBackoff} nor above {@code maxBackoff}), so that consumers that failed together
 *                       do not retry together
 * @param inboxRetention how long a consumed message's inbox row is kept, and so how long a duplicate of it is still
 *                       recognized; longer than the topics' retention (7 days), because no redelivery or replay can
 *                       be older than the log
 * @param sessionTimeout how long the broker waits for a silent instance (killed, frozen, cut off) before its
 *                       partitions go to the others: Kafka's {@code session.timeout.ms} (its 45 s default left a
 *                       killed instance's partitions unserved that long), heartbeats every third of it; at least the
 *                       broker's {@code group.min.session.timeout.ms} (6 s)
 */
@Validated
@ConfigurationProperties("patternshop.messaging.consumer")
public record ConsumerSettings(
        @DefaultValue("2") @Min(1) @Max(64) int concurrency,
        @DefaultValue("5") @Min(1) @Max(20) int maxAttempts,
        @DefaultValue("200ms") @NotNull Duration initialBackoff,

        @DefaultValue("2.0") @DecimalMin("1.0") @DecimalMax("10.0")
        double multiplier,

        @DefaultValue("5s") @NotNull Duration maxBackoff,

        @DefaultValue("0.2") @DecimalMin("0.0") @DecimalMax("1.0")
        double jitter,

        @DefaultValue("8d") @NotNull Duration inboxRetention,

        @DefaultValue("10s") @NotNull @DurationMin(seconds = 6) @DurationMax(minutes = 5)
        Duration sessionTimeout) {

    static final Duration LONGEST_BACKOFF = Duration.ofMinutes(1);

    /** The defaults above, for a consumer built without Spring's binding. */
    public static final ConsumerSettings DEFAULTS = new ConsumerSettings(
            2, 5, Duration.ofMillis(200), 2.0, Duration.ofSeconds(5), 0.2, Duration.ofDays(8), Duration.ofSeconds(10));

    @AssertTrue(message = "initial-backoff must be at least 1ms, and max-backoff between initial-backoff and 1m")
    boolean isBackoffInRange() {
        return initialBackoff == null
                || maxBackoff == null
                || (initialBackoff.toMillis() >= 1
                        && maxBackoff.compareTo(initialBackoff) >= 0
                        && maxBackoff.compareTo(LONGEST_BACKOFF) <= 0);
    }

    @AssertTrue(message = "inbox-retention must be at least 1h")
    boolean isInboxRetentionInRange() {
        return inboxRetention == null || inboxRetention.compareTo(Duration.ofHours(1)) >= 0;
    }
}
