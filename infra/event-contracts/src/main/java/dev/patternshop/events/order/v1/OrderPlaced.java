package dev.patternshop.events.order.v1;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * An order was accepted and stored; the checkout saga that completes it started in the same commit (see
 * {@link StockRequested}). Every order then ends with {@link OrderConfirmed} or {@link OrderCancelled}.
 * Published on {@link dev.patternshop.events.Topics#ORDER_EVENTS} with the order id as key.
 *
 * <p>{@code orderId} is the order's 64-bit id as a decimal string, as in the REST API and the record key: a
 * JSON number that large loses digits in JavaScript and in any reader that parses numbers as doubles.
 *
 * <p>Compatible changes (a new optional field) keep {@code v1}; consumers ignore fields they do not know.
 */
public record OrderPlaced(
        UUID eventId,
        String orderId,
        String customerId,
        List<Line> lines,
        long totalMinor,
        String currency,
        Instant placedAt) {

    public static final String TYPE = "OrderPlaced.v1";

    public OrderPlaced {
        lines = List.copyOf(lines);
    }

    /** A priced line: what the customer pays, frozen at the time of the order. */
    public record Line(long productId, String sku, String name, long unitPriceMinor, int quantity) {}
}
