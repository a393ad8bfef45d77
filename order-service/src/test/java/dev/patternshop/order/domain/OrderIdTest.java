package dev.patternshop.order.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class OrderIdTest {

    @Test
    void idCarriesItsShardTimeAndSequence() {
        Instant at = Instant.parse("2026-11-25T12:34:56.789Z");

        OrderId id = OrderId.compose(at, 4095, 1023);

        assertThat(id.logicalShard()).isEqualTo(4095);
        assertThat(id.createdAt()).isEqualTo(at);
        assertThat(id.sequence()).isEqualTo(1023);
        assertThat(new OrderId(id.value())).isEqualTo(id);
    }

    @Test
    void sequenceWrapsWithinItsTenBitsWithoutTouchingTheShard() {
        OrderId id = OrderId.compose(Instant.parse("2026-11-25T00:00:00Z"), 5, 1024 + 7);

        assertThat(id.sequence()).isEqualTo(7);
        assertThat(id.logicalShard()).isEqualTo(5);
    }

    @Test
    void laterOrdersHaveLargerIdsWhateverTheirShard() {
        OrderId earlier = OrderId.compose(Instant.parse("2026-11-25T00:00:00.000Z"), 4095, 1023);
        OrderId later = OrderId.compose(Instant.parse("2026-11-25T00:00:00.001Z"), 0, 0);

        assertThat(later.value()).isGreaterThan(earlier.value());
    }

    @Test
    void lastsUntil2095AndRefusesWhatItCannotHold() {
        assertThat(OrderId.compose(Instant.parse("2095-09-01T00:00:00Z"), 4095, 1023)
                        .value())
                .isPositive();
        assertThatThrownBy(() -> OrderId.compose(Instant.parse("2025-12-31T23:59:59Z"), 1, 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> OrderId.compose(Instant.parse("2026-02-01T00:00:00Z"), 4096, 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new OrderId(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
