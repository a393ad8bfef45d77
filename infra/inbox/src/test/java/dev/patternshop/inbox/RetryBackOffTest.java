package dev.patternshop.inbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.util.backoff.BackOffExecution;

/** The waits between deliveries, checked by their values, never by waiting. */
class RetryBackOffTest {

    static final ConsumerSettings SETTINGS = new ConsumerSettings(
            1,
            6,
            Duration.ofMillis(100),
            2.0,
            Duration.ofMillis(1000),
            0.25,
            Duration.ofDays(8),
            Duration.ofSeconds(10));

    @Test
    void everyWaitIsTheExponentialOneMovedByAtMostTheJitterWithinTheInitialAndMaximumWaits() {
        long[] nominal = {100, 200, 400, 800, 1000};
        for (int run = 0; run < 500; run++) {
            BackOffExecution execution = RetryBackOff.from(SETTINGS).start();
            for (long wait : nominal) {
                long lower = Math.max(100, Math.round(wait * 0.75));
                long upper = Math.min(1000, Math.round(wait * 1.25));
                assertThat(execution.nextBackOff()).isBetween(lower, upper);
            }
        }
    }

    @Test
    void theWaitsAreSpreadNotAllTheSame() {
        Set<Long> secondWaits = new HashSet<>();
        for (int run = 0; run < 200; run++) {
            BackOffExecution execution = RetryBackOff.from(SETTINGS).start();
            execution.nextBackOff();
            secondWaits.add(execution.nextBackOff());
        }

        assertThat(secondWaits).hasSizeGreaterThan(10);
    }

    @Test
    void afterMaxAttemptsDeliveriesItStops() {
        BackOffExecution execution = RetryBackOff.from(SETTINGS).start();
        for (int retry = 1; retry < SETTINGS.maxAttempts(); retry++) {
            assertThat(execution.nextBackOff()).isNotEqualTo(BackOffExecution.STOP);
        }

        assertThat(execution.nextBackOff()).isEqualTo(BackOffExecution.STOP);
    }

    @Test
    void oneAttemptMeansNoRetry() {
        ConsumerSettings once = new ConsumerSettings(
                1,
                1,
                Duration.ofMillis(100),
                2.0,
                Duration.ofSeconds(1),
                0.2,
                Duration.ofDays(8),
                Duration.ofSeconds(10));

        assertThat(RetryBackOff.from(once).start().nextBackOff()).isEqualTo(BackOffExecution.STOP);
    }
}
