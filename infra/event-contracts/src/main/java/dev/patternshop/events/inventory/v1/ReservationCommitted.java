package dev.patternshop.events.inventory.v1;

/** The order's reserved units left the stock for good. */
public record ReservationCommitted(String orderId) {

    public static final String TYPE = "ReservationCommitted.v1";
}
