package dev.patternshop.payment.domain;

/**
 * Optimistic concurrency: another writer appended to the payment's stream since it was read (the version this
 * writer wanted is taken). Nothing of this writer's was stored; read the stream again and decide again.
 */
public class ConcurrentAppend extends RuntimeException {

    public ConcurrentAppend(PaymentId paymentId, int expectedVersion, Throwable cause) {
        super(
                "Payment " + paymentId + " is no longer at version " + expectedVersion
                        + "; another writer appended first.",
                cause);
    }
}
