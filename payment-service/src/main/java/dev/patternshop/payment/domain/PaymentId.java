package dev.patternshop.payment.domain;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * A payment's id. One payment per order, and its id is derived from the order id (a name-based UUID): the command
 * that creates it, delivered again after a crash that rolled everything back, creates the SAME payment, so its
 * provider calls carry the same idempotency keys and cannot charge twice.
 */
public record PaymentId(UUID value) {

    public PaymentId {
        if (value == null) {
            throw new IllegalArgumentException("a payment id is required");
        }
    }

    public static PaymentId forOrder(String orderId) {
        return new PaymentId(UUID.nameUUIDFromBytes(("payment:" + orderId).getBytes(StandardCharsets.UTF_8)));
    }

    /** The provider idempotency key of one operation on this payment: {@code <payment id>:<operation>}. */
    public String idempotencyKey(String operation) {
        return value + ":" + operation;
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
