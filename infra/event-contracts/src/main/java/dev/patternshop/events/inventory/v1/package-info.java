/**
 * Inventory's contracts, version 1. Commands arrive on {@link dev.patternshop.events.Topics#INVENTORY_COMMANDS}
 * ({@link ReserveStock}, {@link CommitReservation}, {@link ReleaseReservation}); replies and facts leave on
 * {@link dev.patternshop.events.Topics#INVENTORY_EVENTS}: {@link StockReserved} or
 * {@link StockReservationRejected} for a reservation, {@link ReservationCommitted}, {@link ReservationReleased},
 * {@link InventoryCommandRejected} for a command that cannot apply, and {@link StockChanged} for every change of a
 * product's stock. Keyed by the order id (StockChanged: by the product id). Every command is idempotent per
 * order: sent again (a new message id, the saga's supervisor re-sending it) it answers the outcome it had.
 *
 * <p>Order ids are the order's 64-bit id as a decimal string (see {@code OrderPlaced}). Reason fields are short
 * codes (constants on each record); consumers treat a code they do not know as a failure of that step.
 */
package dev.patternshop.events.inventory.v1;
