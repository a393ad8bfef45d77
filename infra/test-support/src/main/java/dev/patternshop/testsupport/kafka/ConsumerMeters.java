package dev.patternshop.testsupport.kafka;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The inbox's counters of one consumer (infra/inbox: {@code messaging.consumed{outcome}}, {@code messaging.retried},
 * {@code messaging.dead.lettered}, tagged {@code consumer}), read from a service's registry; 0 before the first count,
 * so a test can take a value before and compare after.
 */
public record ConsumerMeters(MeterRegistry registry, String consumer) {

    public static final String CONSUMED = "messaging.consumed";
    public static final String RETRIED = "messaging.retried";
    public static final String DEAD_LETTERED = "messaging.dead.lettered";

    /** Messages consumed with this outcome: applied, duplicate or ignored. */
    public double consumed(String outcome) {
        return value(registry.find(CONSUMED)
                .tags("consumer", consumer, "outcome", outcome)
                .counter());
    }

    public double retried() {
        return value(registry.find(RETRIED).tag("consumer", consumer).counter());
    }

    public double deadLettered() {
        return value(registry.find(DEAD_LETTERED).tag("consumer", consumer).counter());
    }

    private static double value(Counter counter) {
        return counter == null ? 0 : counter.count();
    }
}
