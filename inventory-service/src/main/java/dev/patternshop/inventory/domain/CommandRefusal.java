package dev.patternshop.inventory.domain;

/** Why a commit or release cannot apply. Named like the contract's codes (InventoryCommandRejected). */
public enum CommandRefusal {
    /** No reservation for the order. */
    UNKNOWN_RESERVATION,
    /** The order's reserve was refused (out of stock, an unknown product): nothing is held to commit or release. */
    RESERVATION_REJECTED,
    /** A commit after the release (or the expiry). */
    RESERVATION_RELEASED,
    /** A release after the commit. */
    RESERVATION_COMMITTED,
    /** The command itself is unusable (an order id or reason that breaks the rules). */
    INVALID_REQUEST
}
