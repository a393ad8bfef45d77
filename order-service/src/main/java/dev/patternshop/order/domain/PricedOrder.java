package dev.patternshop.order.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A request priced line by line from the catalog's answers: what will be stored. */
public record PricedOrder(String customerId, List<OrderLine> lines, long totalMinor, String currency) {

    public PricedOrder {
        lines = List.copyOf(lines);
    }

    /**
     * @param prices the catalog's answer for every product of the request (missing ones are unknown products)
     */
    public static PricedOrder of(PlaceOrder request, Map<Long, ProductPrices.PricedProduct> prices) {
        List<Long> unknown = request.items().stream()
                .map(PlaceOrder.Item::productId)
                .filter(id -> !prices.containsKey(id))
                .toList();
        if (!unknown.isEmpty()) {
            throw new UnknownProducts(unknown);
        }
        List<OrderLine> lines = new ArrayList<>();
        String currency = null;
        long total = 0;
        for (int i = 0; i < request.items().size(); i++) {
            PlaceOrder.Item item = request.items().get(i);
            ProductPrices.PricedProduct product = prices.get(item.productId());
            if (currency != null && !currency.equals(product.currency())) {
                throw new InvalidOrder(
                        "items",
                        "all items must be priced in one currency (found " + currency + " and " + product.currency()
                                + ")");
            }
            currency = product.currency();
            OrderLine line = new OrderLine(
                    product.productId(), product.sku(), product.name(), product.unitPriceMinor(), item.quantity());
            try {
                total = Math.addExact(total, line.totalMinor());
            } catch (ArithmeticException e) {
                // Exact arithmetic: a wrapped total would be a wrong (even negative) price, not just a big one.
                throw new OrderTotalTooLarge("items[" + i + "].quantity");
            }
            lines.add(line);
        }
        return new PricedOrder(request.customerId(), lines, total, currency);
    }
}
