package dev.patternshop.events.inventory.v1;

/** The order will not complete: its reserved units return to the stock (the saga's compensation). */
public record ReleaseReservation(String orderId, String reason) {

    public static final String TYPE = "ReleaseReservation.v1";
}
