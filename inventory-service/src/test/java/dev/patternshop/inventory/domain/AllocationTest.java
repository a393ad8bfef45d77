package dev.patternshop.inventory.domain;

import static dev.patternshop.inventory.domain.ReservationFixtures.stock;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AllocationTest {

    @Test
    void everyLineThatFitsIsGranted() {
        Allocation allocation = Allocation.decide(
                List.of(new ReservationLine(1, 3), new ReservationLine(2, 5)),
                Map.of(1L, stock(1, 3), 2L, stock(2, 9)));

        assertThat(allocation.granted()).isTrue();
        assertThat(allocation.productIds()).isEmpty();
    }

    @Test
    void oneShortLineRefusesTheWholeReserveNamingTheShortProducts() {
        Allocation allocation = Allocation.decide(
                List.of(new ReservationLine(1, 3), new ReservationLine(2, 5), new ReservationLine(3, 1)),
                Map.of(1L, stock(1, 3), 2L, stock(2, 4), 3L, stock(3, 0)));

        assertThat(allocation.granted()).isFalse();
        assertThat(allocation.refusal()).isEqualTo(ReserveRefusal.OUT_OF_STOCK);
        assertThat(allocation.productIds()).containsExactly(2L, 3L);
    }

    @Test
    void anUnknownProductIsReportedBeforeAShortOne() {
        Allocation allocation = Allocation.decide(
                List.of(new ReservationLine(2, 50), new ReservationLine(99, 1)), Map.of(2L, stock(2, 1)));

        assertThat(allocation.refusal()).isEqualTo(ReserveRefusal.UNKNOWN_PRODUCT);
        assertThat(allocation.productIds()).containsExactly(99L);
    }

    @Test
    void stockIsNeverNegativeAndItsEtagFollowsItsVersion() {
        assertThat(new Stock(4, 0, 2, 17, ReservationFixtures.NOW).etag()).isEqualTo("\"4-17\"");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new Stock(4, -1, 0, 0, ReservationFixtures.NOW))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
