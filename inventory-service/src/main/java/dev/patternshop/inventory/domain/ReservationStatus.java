package dev.patternshop.inventory.domain;

/**
 * Where an order's reservation stands.
 *
 * <pre>
 * RESERVED --commit--> COMMITTED        (the units left the stock for good)
 * RESERVED --release / expire--> RELEASED (the units returned to the stock)
 * REJECTED                              (nothing was reserved: kept so a re-sent reserve gets the same answer)
 * </pre>
 */
public enum ReservationStatus {
    RESERVED,
    COMMITTED,
    RELEASED,
    REJECTED
}
