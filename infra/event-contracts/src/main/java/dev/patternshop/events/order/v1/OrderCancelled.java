package dev.patternshop.events.order.v1;

import java.time.Instant;
import java.util.UUID;

/**
 * The order is CANCELLED and will not be fulfilled. Final for the order; the saga may still be undoing what it did
 * (releasing the stock, voiding the payment), which its compensations do after this event.
 *
 * @param cancelledWhile the status the order had when it was cancelled (AWAITING_STOCK, AWAITING_PAYMENT, ...)
 * @param reason         one of the constants below; consumers treat a reason they do not know as a plain
 *                       cancellation
 * @param detail         what the participant said, for support (e.g. the provider's decline reason); may be null
 */
public record OrderCancelled(
        UUID eventId,
        String orderId,
        String customerId,
        String cancelledWhile,
        String reason,
        String detail,
        Instant cancelledAt) {

    public static final String TYPE = "OrderCancelled.v1";

    public static final String OUT_OF_STOCK = "OUT_OF_STOCK";
    public static final String UNKNOWN_PRODUCT = "UNKNOWN_PRODUCT";
    public static final String STOCK_REFUSED = "STOCK_REFUSED";
    public static final String STOCK_EXPIRED = "STOCK_EXPIRED";
    public static final String PAYMENT_DECLINED = "PAYMENT_DECLINED";
    public static final String PAYMENT_FAILED = "PAYMENT_FAILED";
    public static final String INVENTORY_NOT_ANSWERING = "INVENTORY_NOT_ANSWERING";
    public static final String PAYMENT_NOT_ANSWERING = "PAYMENT_NOT_ANSWERING";
    public static final String DEADLINE_PASSED = "DEADLINE_PASSED";
    public static final String CANCELLED_BY_CUSTOMER = "CANCELLED_BY_CUSTOMER";
}
