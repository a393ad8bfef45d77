package dev.patternshop.order.domain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * What a customer asks for: products and quantities, nothing about prices (those come from the catalog).
 * Checked against the {@link OrderLimits} before anything is priced or written.
 */
public record PlaceOrder(String customerId, List<Item> items) {

    public PlaceOrder {
        items = items == null ? List.of() : List.copyOf(items);
    }

    public record Item(long productId, int quantity) {}

    /**
     * What makes two requests "the same" for an idempotency key: the items in the order given. A hash of the
     * parsed request, so formatting and field order in the JSON do not matter.
     */
    public String fingerprint() {
        StringBuilder canonical = new StringBuilder("v1");
        for (Item item : items) {
            canonical.append('|').append(item.productId()).append('x').append(item.quantity());
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(canonical.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** The rules a request must meet; every violation names the field. */
    public void check(OrderLimits limits) {
        if (items.isEmpty()) {
            throw new InvalidOrder("items", "must contain at least one item");
        }
        if (items.size() > limits.maxLines()) {
            throw new InvalidOrder("items", "must hold at most " + limits.maxLines() + " items");
        }
        Set<Long> seen = new HashSet<>();
        for (int i = 0; i < items.size(); i++) {
            Item item = items.get(i);
            String field = "items[" + i + "]";
            if (item == null) {
                throw new InvalidOrder(field, "must not be null");
            }
            if (item.productId() <= 0) {
                throw new InvalidOrder(field + ".productId", "must be a positive product id");
            }
            if (item.quantity() <= 0 || item.quantity() > limits.maxQuantity()) {
                throw new InvalidOrder(field + ".quantity", "must be between 1 and " + limits.maxQuantity());
            }
            if (!seen.add(item.productId())) {
                throw new InvalidOrder(
                        field + ".productId",
                        "names product " + item.productId() + " again; order it once with the total quantity");
            }
        }
    }
}
