package dev.patternshop.inventory.domain;

import java.util.List;
import java.util.Map;

/**
 * All lines or none: given the stock of every product a reserve names (its rows locked, so nothing changes it
 * meanwhile), either every line fits or the reserve is refused, naming the products that do not. Unknown products
 * are reported before short ones: an order with a product that does not exist can never succeed.
 */
public record Allocation(ReserveRefusal refusal, List<Long> productIds) {

    public static Allocation decide(List<ReservationLine> lines, Map<Long, Stock> locked) {
        List<Long> unknown = lines.stream()
                .map(ReservationLine::productId)
                .filter(id -> !locked.containsKey(id))
                .sorted()
                .toList();
        if (!unknown.isEmpty()) {
            return new Allocation(ReserveRefusal.UNKNOWN_PRODUCT, unknown);
        }
        List<Long> short_ = lines.stream()
                .filter(line -> !locked.get(line.productId()).canReserve(line.quantity()))
                .map(ReservationLine::productId)
                .sorted()
                .toList();
        if (!short_.isEmpty()) {
            return new Allocation(ReserveRefusal.OUT_OF_STOCK, short_);
        }
        return new Allocation(null, List.of());
    }

    public boolean granted() {
        return refusal == null;
    }
}
