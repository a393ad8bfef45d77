package dev.patternshop.payment;

import dev.patternshop.events.Envelope;
import dev.patternshop.events.payment.v1.AuthorizePayment;
import dev.patternshop.payment.domain.PaymentId;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/** What the order saga would send: order ids of the test's own, its commands and their envelopes. */
public final class SagaFixtures {

    private static final AtomicLong ORDERS = new AtomicLong();

    private SagaFixtures() {}

    public static String newOrderId() {
        return "it-" + ProcessHandle.current().pid() + "-" + System.nanoTime() + "-" + ORDERS.incrementAndGet();
    }

    public static AuthorizePayment authorize(String orderId, String customerId, long amountMinor) {
        return new AuthorizePayment(orderId, customerId, amountMinor, "EUR");
    }

    public static Envelope command(String type, String orderId) {
        return Envelope.first(type, orderId, Instant.now());
    }

    public static String key(String orderId, String operation) {
        return PaymentId.forOrder(orderId).idempotencyKey(operation);
    }
}
