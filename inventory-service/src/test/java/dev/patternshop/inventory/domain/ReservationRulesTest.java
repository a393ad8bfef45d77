package dev.patternshop.inventory.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collections;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class ReservationRulesTest {

    private final ReservationRules rules = new ReservationRules(3, 10);

    @Test
    void aReserveWithinTheRulesMayBeTried() {
        assertThat(rules.violation("1001", List.of(new ReservationLine(1, 10), new ReservationLine(2, 1))))
                .isEmpty();
    }

    @Test
    void aReserveWithoutLinesIsRefused() {
        assertThat(rules.violation("1001", List.of()))
                .hasValueSatisfying(v -> assertThat(v).contains("at least one"));
        assertThat(rules.violation("1001", null)).isPresent();
    }

    @Test
    void aReserveWithTooManyLinesIsRefused() {
        List<ReservationLine> lines = LongStream.rangeClosed(1, 4)
                .mapToObj(id -> new ReservationLine(id, 1))
                .toList();

        assertThat(rules.violation("1001", lines))
                .hasValueSatisfying(v -> assertThat(v).contains("at most 3"));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1, 11, Integer.MAX_VALUE, Integer.MIN_VALUE})
    void aQuantityOutOfRangeIsRefused(int quantity) {
        assertThat(rules.violation("1001", List.of(new ReservationLine(1, quantity))))
                .hasValueSatisfying(v -> assertThat(v).contains("between 1 and 10"));
    }

    @ParameterizedTest
    @ValueSource(longs = {0, -1, Long.MIN_VALUE})
    void aProductIdThatIsNotPositiveIsRefused(long productId) {
        assertThat(rules.violation("1001", List.of(new ReservationLine(productId, 1))))
                .isPresent();
    }

    @Test
    void aProductListedTwiceIsRefused() {
        assertThat(rules.violation("1001", List.of(new ReservationLine(5, 1), new ReservationLine(5, 2))))
                .hasValueSatisfying(v -> assertThat(v).contains("twice"));
    }

    @Test
    void aNullLineIsRefused() {
        assertThat(rules.violation("1001", Collections.singletonList(null))).isPresent();
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(
            strings = {
                "",
                " ",
                "12 34",
                "1\u0000",
                "1\n",
                "a/b",
                "é",
                "12345678901234567890123456789012345678901234567890123456789012345"
            })
    void anUnusableOrderIdIsRefused(String orderId) {
        assertThat(ReservationRules.isOrderId(orderId)).isFalse();
        assertThat(rules.violation(orderId, List.of(new ReservationLine(1, 1)))).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {"1", "9223372036854775807", "order-1_a"})
    void orderIdsAreDecimalIdsOrSimpleNames(String orderId) {
        assertThat(ReservationRules.isOrderId(orderId)).isTrue();
    }

    @Test
    void aReleaseReasonIsShortAndPrintableOrAbsent() {
        assertThat(ReservationRules.isReason(null)).isTrue();
        assertThat(ReservationRules.isReason("PAYMENT_DECLINED")).isTrue();
        assertThat(ReservationRules.isReason("bad\u0007")).isFalse();
        assertThat(ReservationRules.isReason("x".repeat(65))).isFalse();
    }
}
