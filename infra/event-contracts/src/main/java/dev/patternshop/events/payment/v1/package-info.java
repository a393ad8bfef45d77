/**
 * Payment's contracts, version 1. Commands arrive on {@link dev.patternshop.events.Topics#PAYMENT_COMMANDS}
 * ({@link AuthorizePayment}, {@link VoidPayment}, {@link RefundPayment}); replies leave on
 * {@link dev.patternshop.events.Topics#PAYMENT_EVENTS}: {@link PaymentAuthorized}, {@link PaymentDeclined} (the
 * provider said no: final), {@link PaymentFailed} (no answer could be had: {@code retryable} says whether the same
 * command may succeed later, e.g. the provider was down, busy or its breaker open), {@link PaymentVoided},
 * {@link PaymentRefunded}, and {@link PaymentCommandRejected} for a command that cannot apply. Keyed by the order
 * id. Every command is idempotent per order: sent again (a new message id, the saga's supervisor re-sending it)
 * it answers the outcome it had, and never charges twice: the provider is called with an idempotency key derived
 * from the payment and the operation.
 *
 * <p>Amounts are minor units (cents) with an ISO-4217 currency, as in {@code OrderPlaced}. Reason fields are
 * short codes; consumers treat a code they do not know as a failure of that step.
 */
package dev.patternshop.events.payment.v1;
