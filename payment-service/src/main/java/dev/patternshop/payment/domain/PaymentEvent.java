package dev.patternshop.payment.domain;

/**
 * What happened to a payment, in the past tense: the only thing stored about it (the {@code payment_events} table);
 * its state is these events replayed ({@link Payment#replay}). Each type's name is stored with it and never changes.
 */
public sealed interface PaymentEvent {

    /** The stored name of this event's type. */
    String type();

    record PaymentInitiated(String orderId, String customerId, long amountMinor, String currency)
            implements PaymentEvent {
        public static final String TYPE = "PaymentInitiated";

        @Override
        public String type() {
            return TYPE;
        }
    }

    record PaymentAuthorized(String providerReference) implements PaymentEvent {
        public static final String TYPE = "PaymentAuthorized";

        @Override
        public String type() {
            return TYPE;
        }
    }

    record PaymentDeclined(String reason) implements PaymentEvent {
        public static final String TYPE = "PaymentDeclined";

        @Override
        public String type() {
            return TYPE;
        }
    }

    /** An authorization attempt got no answer; {@code retryable}: another attempt may succeed. */
    record PaymentFailed(String reason, boolean retryable) implements PaymentEvent {
        public static final String TYPE = "PaymentFailed";

        @Override
        public String type() {
            return TYPE;
        }
    }

    record PaymentVoided(String reason, String providerReference) implements PaymentEvent {
        public static final String TYPE = "PaymentVoided";

        @Override
        public String type() {
            return TYPE;
        }
    }

    record PaymentRefunded(String reason, String providerReference) implements PaymentEvent {
        public static final String TYPE = "PaymentRefunded";

        @Override
        public String type() {
            return TYPE;
        }
    }
}
