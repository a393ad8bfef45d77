package dev.patternshop.events.inventory.v1;

import java.util.List;

/** Reserve every line for the order, or none of them. */
public record ReserveStock(String orderId, List<Line> lines) {

    public static final String TYPE = "ReserveStock.v1";

    public ReserveStock {
        lines = lines == null ? List.of() : List.copyOf(lines);
    }

    public record Line(long productId, int quantity) {}
}
