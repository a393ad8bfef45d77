package dev.patternshop.payment.domain;

/**
 * The external payment provider, in our words. The anti-corruption layer (package {@code provider}) implements it:
 * it alone knows the provider's API, field names, amount format and status words, and it wraps every call in a
 * timeout, a bulkhead, retries with jitter and a circuit breaker. Whatever happens there comes back as one of
 * three answers; nothing here throws for a provider failure.
 *
 * <p>Every request carries an idempotency key derived from our payment id and the operation
 * ({@link PaymentId#idempotencyKey(String)}): the same key is the same charge at the provider, so no retry,
 * redelivery or restart can charge twice.
 */
public interface PaymentProvider {

    ProviderAnswer authorize(Authorize request);

    ProviderAnswer voidAuthorization(VoidAuthorization request);

    ProviderAnswer refund(Refund request);

    record Authorize(
            PaymentId paymentId, String idempotencyKey, String customerId, long amountMinor, String currency) {}

    record VoidAuthorization(PaymentId paymentId, String idempotencyKey, String providerReference) {}

    record Refund(
            PaymentId paymentId, String idempotencyKey, String providerReference, long amountMinor, String currency) {}

    /** What the provider said, or why it could not say anything. */
    sealed interface ProviderAnswer {

        /** Done: authorized, voided or refunded; {@code providerReference} is the provider's id for it. */
        record Approved(String providerReference) implements ProviderAnswer {}

        /** The provider refused (final); {@code reason} is one of PaymentDeclined's codes. */
        record Declined(String reason) implements ProviderAnswer {}

        /**
         * No answer: {@code retryable} when the same request may succeed later (down, timing out, 5xx, the bulkhead
         * full, the breaker open), false when it never will (the provider rejected the request itself, a 4xx).
         * {@code reason} is one of PaymentFailed's codes.
         */
        record Unavailable(String reason, boolean retryable) implements ProviderAnswer {}
    }
}
