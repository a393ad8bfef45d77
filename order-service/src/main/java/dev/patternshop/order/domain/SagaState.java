package dev.patternshop.order.domain;

/**
 * Where an order's checkout saga stands. The first three wait for a participant's reply; COMPENSATING has cancelled
 * the order and waits for its compensations to be acknowledged; CONFIRMED and CANCELLED are the ends.
 */
public enum SagaState {
    RESERVING_STOCK,
    AUTHORIZING_PAYMENT,
    /** Past the pivot: the payment is authorized and the reservation is being committed; only forward from here. */
    COMMITTING_STOCK,
    COMPENSATING,
    CONFIRMED,
    CANCELLED;

    public boolean hasEnded() {
        return this == CONFIRMED || this == CANCELLED;
    }

    /** Before the pivot the saga can still be cancelled (by the customer, a refusal, a deadline). */
    public boolean beforePivot() {
        return this == RESERVING_STOCK || this == AUTHORIZING_PAYMENT;
    }
}
