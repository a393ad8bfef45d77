package dev.patternshop.events.inventory.v1;

/** The order's reserved units returned to the stock: asked for ({@code reason} as given) or past the TTL. */
public record ReservationReleased(String orderId, String reason) {

    public static final String TYPE = "ReservationReleased.v1";
    /** Not committed within the reservation's time to live; the scheduled expiry released it. */
    public static final String EXPIRED = "EXPIRED";
}
