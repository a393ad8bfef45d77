package dev.patternshop.events.order.v1;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * An order was accepted and stored (status PENDING); the saga that completes it starts from here.
 * Published on {@link dev.patternshop.events.Topics#ORDER_EVENTS} with the order id as key.
 *
 * <p>Compatible changes (a new optional field) keep {@code v1}; consumers ignore fields they do not know.
 */
public record OrderPlaced(UUID eventId, long orderId, String customerId, List<Line> lines, long totalMinor,
                          String currency, Instant placedAt) {

    public static final String TYPE = "OrderPlaced.v1";

    public OrderPlaced {
        lines = List.copyOf(lines);
    }

    /** A priced line: what the customer pays, frozen at the time of the order. */
    public record Line(long productId, String sku, String name, long unitPriceMinor, int quantity) {
    }
}
