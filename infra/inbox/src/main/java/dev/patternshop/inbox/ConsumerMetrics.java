package dev.patternshop.inbox;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * A consumer's counters, tagged {@code consumer}: {@code messaging.consumed} by outcome ({@code applied},
 * {@code duplicate}, {@code ignored}), {@code messaging.retried}, {@code messaging.dead.lettered}. Consumer lag comes
 * from the Kafka client's own metrics ({@code kafka.consumer.fetch.manager.records.lag.max}, same tag).
 */
final class ConsumerMetrics {

    static final String CONSUMED = "messaging.consumed";
    static final String RETRIED = "messaging.retried";
    static final String DEAD_LETTERED = "messaging.dead.lettered";

    private final Counter applied;
    private final Counter duplicate;
    private final Counter ignored;
    private final Counter retried;
    private final Counter deadLettered;

    ConsumerMetrics(MeterRegistry meters, String consumer) {
        applied = consumed(meters, consumer, "applied", "messages applied (recorded in the inbox, handler committed)");
        duplicate = consumed(meters, consumer, "duplicate", "messages already in the inbox: acknowledged, no change");
        ignored = consumed(meters, consumer, "ignored", "messages of a type this consumer does not handle");
        retried = Counter.builder(RETRIED)
                .tag("consumer", consumer)
                .description("failed deliveries that will be tried again after a backoff")
                .register(meters);
        deadLettered = Counter.builder(DEAD_LETTERED)
                .tag("consumer", consumer)
                .description("messages sent to the dead-letter topic")
                .register(meters);
    }

    private static Counter consumed(MeterRegistry meters, String consumer, String outcome, String description) {
        return Counter.builder(CONSUMED)
                .tag("consumer", consumer)
                .tag("outcome", outcome)
                .description(description)
                .register(meters);
    }

    void applied() {
        applied.increment();
    }

    void duplicate() {
        duplicate.increment();
    }

    void ignored() {
        ignored.increment();
    }

    void retried() {
        retried.increment();
    }

    void deadLettered() {
        deadLettered.increment();
    }
}
