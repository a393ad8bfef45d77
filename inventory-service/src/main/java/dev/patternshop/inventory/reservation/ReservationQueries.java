package dev.patternshop.inventory.reservation;

import dev.patternshop.inventory.domain.Reservation;
import dev.patternshop.inventory.domain.ReservationNotFound;
import dev.patternshop.inventory.domain.ReservationRules;
import dev.patternshop.inventory.persistence.Reservations;
import dev.patternshop.servicedefaults.InvalidRequest;
import org.springframework.stereotype.Service;

/** Reads a reservation for inspection (the admin API). */
@Service
public class ReservationQueries {

    private final Reservations reservations;

    ReservationQueries(Reservations reservations) {
        this.reservations = reservations;
    }

    public Reservation find(String orderId) {
        if (!ReservationRules.isOrderId(orderId)) {
            throw new InvalidRequest("orderId", "must be 1 to 64 letters, digits, '-' or '_'");
        }
        return reservations.find(orderId).orElseThrow(ReservationNotFound::new);
    }
}
