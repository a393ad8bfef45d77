package dev.patternshop.order.domain;

/**
 * Where an order is in its life. Placing stores it PENDING; the saga moves it on through the named transitions
 * of {@link Order}, which is the only place that changes it.
 */
public enum OrderStatus {
    PENDING,
    AWAITING_STOCK,
    AWAITING_PAYMENT,
    CONFIRMED,
    CANCELLED;

    /** CONFIRMED and CANCELLED are final: nothing moves an order out of them. */
    public boolean isFinal() {
        return this == CONFIRMED || this == CANCELLED;
    }
}
