package dev.patternshop.inventory.domain;

/** No reservation for the order: inventory never received its reserve (or not yet). */
public class ReservationNotFound extends RuntimeException {

    public ReservationNotFound() {
        super("No reservation for this order.");
    }
}
