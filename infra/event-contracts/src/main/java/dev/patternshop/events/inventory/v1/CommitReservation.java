package dev.patternshop.events.inventory.v1;

/** The order is paid: the reserved units leave the stock for good (they no longer expire or return). */
public record CommitReservation(String orderId) {

    public static final String TYPE = "CommitReservation.v1";
}
