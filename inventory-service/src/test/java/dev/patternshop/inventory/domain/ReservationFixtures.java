package dev.patternshop.inventory.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Reservations in each status, built through the domain's own transitions. */
final class ReservationFixtures {

    static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
    static final Duration TTL = Duration.ofMinutes(15);

    private ReservationFixtures() {}

    static Reservation reserved() {
        return Reservation.reserved(
                "1001", List.of(new ReservationLine(7, 2), new ReservationLine(3, 1)), NOW.plus(TTL), NOW);
    }

    static Reservation committed() {
        Reservation reservation = reserved();
        reservation.commit(NOW.plusSeconds(1));
        return reservation;
    }

    static Reservation released() {
        Reservation reservation = reserved();
        reservation.release("PAYMENT_DECLINED", NOW.plusSeconds(1));
        return reservation;
    }

    static Reservation rejected() {
        return Reservation.rejected("1001", ReserveRefusal.OUT_OF_STOCK, List.of(7L), NOW);
    }

    static Stock stock(long productId, int available) {
        return new Stock(productId, available, 0, 0, NOW);
    }
}
