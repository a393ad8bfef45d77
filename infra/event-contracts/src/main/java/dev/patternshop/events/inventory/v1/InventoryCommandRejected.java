package dev.patternshop.events.inventory.v1;

/**
 * A commit or release that cannot apply: no reservation for the order, or one in a state that forbids it (a
 * commit after the release), or a command that is unusable itself (an order id or a reason that breaks the rules:
 * {@link #INVALID_REQUEST}). Nothing changed. {@code command} is the rejected command's type.
 */
public record InventoryCommandRejected(String orderId, String command, String reason) {

    public static final String TYPE = "InventoryCommandRejected.v1";
    public static final String UNKNOWN_RESERVATION = "UNKNOWN_RESERVATION";
    /** The order's reserve was refused, so nothing is held: a release after an OUT_OF_STOCK, say. */
    public static final String RESERVATION_REJECTED = "RESERVATION_REJECTED";

    public static final String RESERVATION_RELEASED = "RESERVATION_RELEASED";
    public static final String RESERVATION_COMMITTED = "RESERVATION_COMMITTED";
    /** The command itself breaks a rule (an order id that is no order id, a reason too long or not printable). */
    public static final String INVALID_REQUEST = "INVALID_REQUEST";
}
