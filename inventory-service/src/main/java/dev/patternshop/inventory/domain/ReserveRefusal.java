package dev.patternshop.inventory.domain;

/** Why nothing was reserved for an order. Named like the contract's codes (StockReservationRejected). */
public enum ReserveRefusal {
    /** No lines, too many, a quantity out of range, a product twice, an unusable order id. Nothing is stored. */
    INVALID_REQUEST,
    UNKNOWN_PRODUCT,
    OUT_OF_STOCK,
    /** The order's reservation was released or expired: a late or repeated reserve does not revive it. */
    RESERVATION_ENDED
}
