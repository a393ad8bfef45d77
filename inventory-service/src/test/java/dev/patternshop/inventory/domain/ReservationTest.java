package dev.patternshop.inventory.domain;

import static dev.patternshop.inventory.domain.ReservationFixtures.NOW;
import static dev.patternshop.inventory.domain.ReservationFixtures.TTL;
import static dev.patternshop.inventory.domain.ReservationFixtures.committed;
import static dev.patternshop.inventory.domain.ReservationFixtures.rejected;
import static dev.patternshop.inventory.domain.ReservationFixtures.released;
import static dev.patternshop.inventory.domain.ReservationFixtures.reserved;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReservationTest {

    private static final Instant LATER = NOW.plusSeconds(5);

    @Test
    void aReservationHoldsItsLinesInProductIdOrderUntilItsDeadline() {
        Reservation reservation = reserved();

        assertThat(reservation.status()).isEqualTo(ReservationStatus.RESERVED);
        assertThat(reservation.lines()).extracting(ReservationLine::productId).containsExactly(3L, 7L);
        assertThat(reservation.expiresAt()).isEqualTo(NOW.plus(TTL));
        assertThat(reservation.reason()).isNull();
    }

    @Test
    void aReservationWithoutLinesCannotBeMade() {
        assertThatThrownBy(() -> Reservation.reserved("1", List.of(), NOW, NOW))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void onlyARefusalAboutTheStockIsKeptAsARejection() {
        assertThatThrownBy(() -> Reservation.rejected("1", ReserveRefusal.INVALID_REQUEST, List.of(), NOW))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(Reservation.rejected("1", ReserveRefusal.UNKNOWN_PRODUCT, List.of(9L), NOW)
                        .status())
                .isEqualTo(ReservationStatus.REJECTED);
    }

    @Test
    void commitMovesAReservedReservationToCommitted() {
        Reservation reservation = reserved();

        assertThat(reservation.commit(LATER)).isEqualTo(Outcome.APPLIED);
        assertThat(reservation.status()).isEqualTo(ReservationStatus.COMMITTED);
        assertThat(reservation.updatedAt()).isEqualTo(LATER);
    }

    @Test
    void commitOfACommittedReservationIsARepeatThatChangesNothing() {
        Reservation reservation = committed();
        Instant before = reservation.updatedAt();

        assertThat(reservation.commit(LATER)).isEqualTo(Outcome.REPEATED);
        assertThat(reservation.status()).isEqualTo(ReservationStatus.COMMITTED);
        assertThat(reservation.updatedAt()).isEqualTo(before);
    }

    @Test
    void commitAfterTheReleaseIsRefusedAndChangesNothing() {
        Reservation reservation = released();

        assertThat(reservation.commit(LATER)).isEqualTo(Outcome.refused(CommandRefusal.RESERVATION_RELEASED));
        assertThat(reservation.status()).isEqualTo(ReservationStatus.RELEASED);
    }

    @Test
    void commitOfARejectedReserveIsRefusedAsRejected() {
        Reservation reservation = rejected();

        assertThat(reservation.commit(LATER)).isEqualTo(Outcome.refused(CommandRefusal.RESERVATION_REJECTED));
        assertThat(reservation.status()).isEqualTo(ReservationStatus.REJECTED);
    }

    @Test
    void releaseMovesAReservedReservationToReleasedWithItsReason() {
        Reservation reservation = reserved();

        assertThat(reservation.release("PAYMENT_DECLINED", LATER)).isEqualTo(Outcome.APPLIED);
        assertThat(reservation.status()).isEqualTo(ReservationStatus.RELEASED);
        assertThat(reservation.reason()).isEqualTo("PAYMENT_DECLINED");
    }

    @Test
    void releaseOfAReleasedReservationIsARepeatThatKeepsTheFirstReason() {
        Reservation reservation = released();

        assertThat(reservation.release("SOMETHING_ELSE", LATER)).isEqualTo(Outcome.REPEATED);
        assertThat(reservation.reason()).isEqualTo("PAYMENT_DECLINED");
    }

    @Test
    void releaseAfterTheCommitIsRefusedAndChangesNothing() {
        Reservation reservation = committed();

        assertThat(reservation.release("LATE", LATER)).isEqualTo(Outcome.refused(CommandRefusal.RESERVATION_COMMITTED));
        assertThat(reservation.status()).isEqualTo(ReservationStatus.COMMITTED);
    }

    @Test
    void releaseOfARejectedReserveIsRefusedAsRejected() {
        assertThat(rejected().release("X", LATER)).isEqualTo(Outcome.refused(CommandRefusal.RESERVATION_REJECTED));
    }

    @Test
    void aReservationExpiresAtItsDeadlineAndNotBefore() {
        Reservation reservation = reserved();

        assertThat(reservation.expire(NOW.plus(TTL).minusMillis(1))).isFalse();
        assertThat(reservation.status()).isEqualTo(ReservationStatus.RESERVED);
        assertThat(reservation.expire(NOW.plus(TTL))).isTrue();
        assertThat(reservation.status()).isEqualTo(ReservationStatus.RELEASED);
        assertThat(reservation.reason()).isEqualTo(Reservation.EXPIRED);
    }

    @Test
    void onlyAReservedReservationExpires() {
        Instant muchLater = NOW.plus(TTL).plus(TTL);
        for (Reservation reservation : List.of(committed(), released(), rejected())) {
            ReservationStatus before = reservation.status();
            assertThat(reservation.expire(muchLater)).isFalse();
            assertThat(reservation.status()).isEqualTo(before);
        }
    }

    @Test
    void anotherReserveIsAnsweredWithTheFirstOutcome() {
        assertThat(reserved().refusalOfAnotherReserve()).isNull();
        assertThat(committed().refusalOfAnotherReserve()).isNull();
        assertThat(released().refusalOfAnotherReserve()).isEqualTo(ReserveRefusal.RESERVATION_ENDED);
        assertThat(rejected().refusalOfAnotherReserve()).isEqualTo(ReserveRefusal.OUT_OF_STOCK);
        assertThat(rejected().rejectedProductIds()).containsExactly(7L);
    }

    @Test
    void anOutcomeNamesAReasonExactlyWhenItIsARefusal() {
        assertThatThrownBy(() -> new Outcome(Outcome.Kind.APPLIED, CommandRefusal.UNKNOWN_RESERVATION))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Outcome(Outcome.Kind.REFUSED, null)).isInstanceOf(IllegalArgumentException.class);
    }
}
