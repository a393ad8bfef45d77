package dev.patternshop.order.web;

import dev.patternshop.order.domain.InvalidOrder;
import dev.patternshop.order.domain.PlaceOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * The body of {@code POST /orders}: products and quantities. Any price a client sends is ignored; prices come
 * from the catalog.
 */
public record OrderRequest(List<Item> items) {

    public record Item(Long productId, Integer quantity) {}

    PlaceOrder toCommand(String customerId) {
        if (items == null) {
            throw new InvalidOrder("items", "is required: a list of {productId, quantity}");
        }
        List<PlaceOrder.Item> checked = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            Item item = items.get(i);
            if (item == null || item.productId() == null) {
                throw new InvalidOrder("items[" + i + "].productId", "is required");
            }
            if (item.quantity() == null) {
                throw new InvalidOrder("items[" + i + "].quantity", "is required");
            }
            checked.add(new PlaceOrder.Item(item.productId(), item.quantity()));
        }
        return new PlaceOrder(customerId, checked);
    }
}
