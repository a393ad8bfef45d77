package dev.patternshop.events.inventory.v1;

import java.util.List;

/** Nothing was reserved; {@code productIds} are the lines that could not be (for OUT_OF_STOCK, UNKNOWN_PRODUCT). */
public record StockReservationRejected(String orderId, String reason, List<Long> productIds) {

    public static final String TYPE = "StockReservationRejected.v1";
    public static final String OUT_OF_STOCK = "OUT_OF_STOCK";
    public static final String UNKNOWN_PRODUCT = "UNKNOWN_PRODUCT";
    /** A quantity below 1 or above the limit, no lines, too many lines, or a product listed twice. */
    public static final String INVALID_REQUEST = "INVALID_REQUEST";
    /** The order's reservation was already released or expired: a late or repeated reserve does not revive it. */
    public static final String RESERVATION_ENDED = "RESERVATION_ENDED";

    public StockReservationRejected {
        productIds = productIds == null ? List.of() : List.copyOf(productIds);
    }
}
