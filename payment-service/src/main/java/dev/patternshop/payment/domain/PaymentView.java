package dev.patternshop.payment.domain;

import java.time.Instant;

/**
 * A payment as the read model ({@code payments} table) holds it: its state after its last event, without the
 * history. Written with every append, in the same transaction.
 */
public record PaymentView(
        PaymentId id,
        String orderId,
        String customerId,
        PaymentStatus status,
        long amountMinor,
        String currency,
        String providerReference,
        String reason,
        int version,
        Instant updatedAt) {}
