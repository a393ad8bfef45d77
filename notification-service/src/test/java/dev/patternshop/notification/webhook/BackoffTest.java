package dev.patternshop.notification.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {

    private final Backoff backoff = new Backoff(Duration.ofSeconds(10), 3.0, Duration.ofHours(1), 0.2);

    @Test
    void withoutJitterEachWaitIsTheMultipleOfTheOneBeforeUpToTheCap() {
        Backoff exact = new Backoff(Duration.ofSeconds(10), 3.0, Duration.ofHours(1), 0);

        assertThat(exact.after(1, () -> 0.5)).isEqualTo(Duration.ofSeconds(10));
        assertThat(exact.after(2, () -> 0.5)).isEqualTo(Duration.ofSeconds(30));
        assertThat(exact.after(3, () -> 0.5)).isEqualTo(Duration.ofSeconds(90));
        assertThat(exact.after(6, () -> 0.5)).isEqualTo(Duration.ofSeconds(2430));
        assertThat(exact.after(7, () -> 0.5)).isEqualTo(Duration.ofHours(1));
        assertThat(exact.after(50, () -> 0.5)).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void jitterSpreadsEachWaitWithinPlusOrMinusItsFraction() {
        assertThat(backoff.after(2, () -> 0)).isEqualTo(Duration.ofSeconds(24));
        assertThat(backoff.after(2, () -> 0.5)).isEqualTo(Duration.ofSeconds(30));
        assertThat(backoff.after(2, () -> 0.999_999)).isBetween(Duration.ofMillis(35_999), Duration.ofSeconds(36));
        assertThat(backoff.atLeast(2)).isEqualTo(Duration.ofSeconds(24));
    }

    @Test
    void theCapAppliesBeforeTheJitterSoCappedWaitsStillSpread() {
        assertThat(backoff.after(20, () -> 0)).isEqualTo(Duration.ofMinutes(48));
        assertThat(backoff.after(20, () -> 0.999_999)).isBetween(Duration.ofMinutes(71), Duration.ofMinutes(72));
    }

    @Test
    void thereIsNoWaitBeforeAFirstFailure() {
        assertThatThrownBy(() -> backoff.after(0, () -> 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
