package dev.patternshop.events.inventory.v1;

import java.time.Instant;
import java.util.List;

/** Every line is reserved until {@code expiresAt}; not committed by then, it is released (ReservationReleased). */
public record StockReserved(String orderId, List<ReserveStock.Line> lines, Instant expiresAt) {

    public static final String TYPE = "StockReserved.v1";

    public StockReserved {
        lines = List.copyOf(lines);
    }
}
