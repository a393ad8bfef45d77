package dev.patternshop.payment.domain;

import dev.patternshop.payment.domain.PaymentEvent.PaymentAuthorized;
import dev.patternshop.payment.domain.PaymentEvent.PaymentDeclined;
import dev.patternshop.payment.domain.PaymentEvent.PaymentFailed;
import dev.patternshop.payment.domain.PaymentEvent.PaymentInitiated;
import dev.patternshop.payment.domain.PaymentEvent.PaymentRefunded;
import dev.patternshop.payment.domain.PaymentEvent.PaymentVoided;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An order's payment, event-sourced: its state is nothing but its events replayed in order ({@link #replay}), and
 * every change is a new event, recorded by a named transition that checks the current state first and throws
 * {@link IllegalPaymentTransition} when the event cannot follow it. New events wait in {@link #pending()} until the
 * store appends them after {@link #version()} (the version the stream had when it was read: optimistic concurrency).
 *
 * <pre>
 *   INITIATED --authorized--> AUTHORIZED --voided--> VOIDED
 *       |  \--declined--> DECLINED        \--refunded--> REFUNDED
 *       \--failed--> FAILED (retryable: authorized / declined / failed again; not retryable: final)
 * </pre>
 *
 * No capture: an authorization ends the checkout in this design, so a refund follows an authorization.
 */
public final class Payment {

    private final PaymentId id;
    private final List<RecordedEvent> pending = new ArrayList<>();
    private String orderId;
    private String customerId;
    private long amountMinor;
    private String currency;
    private PaymentStatus status;
    private String providerReference;
    private String reason;
    private boolean retryable;
    private Instant updatedAt;
    private int version;
    private int storedVersion;

    private Payment(PaymentId id) {
        this.id = Objects.requireNonNull(id, "id");
    }

    /** A new payment for the order: PaymentInitiated, pending. The id is the order's ({@link PaymentId#forOrder}). */
    public static Payment initiate(String orderId, String customerId, long amountMinor, String currency, Instant at) {
        if (amountMinor < 1) {
            throw new IllegalArgumentException("a payment is for a positive amount");
        }
        Payment payment = new Payment(PaymentId.forOrder(orderId));
        payment.record(new PaymentInitiated(orderId, customerId, amountMinor, currency), at);
        return payment;
    }

    /** The payment its stream describes: every event applied in version order, none pending. */
    public static Payment replay(PaymentId id, List<RecordedEvent> stream) {
        if (stream.isEmpty()) {
            throw new IllegalArgumentException("payment " + id + " has no events");
        }
        Payment payment = new Payment(id);
        for (RecordedEvent recorded : stream) {
            if (!recorded.paymentId().equals(id) || recorded.version() != payment.version + 1) {
                throw new IllegalArgumentException("payment " + id + "'s stream is not 1, 2, 3...: found version "
                        + recorded.version() + " after " + payment.version);
            }
            payment.apply(recorded.event(), recorded.occurredAt());
        }
        payment.storedVersion = payment.version;
        return payment;
    }

    /** True when the provider may be asked to authorize: never asked yet, or the last attempt may be repeated. */
    public boolean mayAttemptAuthorization() {
        return status == PaymentStatus.INITIATED || (status == PaymentStatus.FAILED && retryable);
    }

    /** The provider authorized the amount. */
    public void authorized(String reference, Instant at) {
        requireAttempt(PaymentAuthorized.TYPE);
        record(new PaymentAuthorized(Objects.requireNonNull(reference, "reference")), at);
    }

    /** The provider refused: final. */
    public void declined(String why, Instant at) {
        requireAttempt(PaymentDeclined.TYPE);
        record(new PaymentDeclined(why), at);
    }

    /** The provider could not be asked; {@code mayRetry}: a later authorize attempts again (with the same key). */
    public void failed(String why, boolean mayRetry, Instant at) {
        requireAttempt(PaymentFailed.TYPE);
        record(new PaymentFailed(why, mayRetry), at);
    }

    /** What a void would do: only an authorization can be released; a void done is repeated; anything else refused. */
    public Step voidStep() {
        return switch (status) {
            case AUTHORIZED -> Step.APPLY;
            case VOIDED -> Step.REPEATED;
            case INITIATED, DECLINED, FAILED, REFUNDED -> Step.REFUSED;
        };
    }

    /** What a refund would do: only after an authorization (there is no capture); a refund done is repeated. */
    public Step refundStep() {
        return switch (status) {
            case AUTHORIZED -> Step.APPLY;
            case REFUNDED -> Step.REPEATED;
            case INITIATED, DECLINED, FAILED, VOIDED -> Step.REFUSED;
        };
    }

    /** The provider released the authorization. */
    public void voided(String why, String reference, Instant at) {
        if (voidStep() != Step.APPLY) {
            throw new IllegalPaymentTransition(status, PaymentVoided.TYPE);
        }
        record(new PaymentVoided(why, reference), at);
    }

    /** The provider gave the amount back. */
    public void refunded(String why, String reference, Instant at) {
        if (refundStep() != Step.APPLY) {
            throw new IllegalPaymentTransition(status, PaymentRefunded.TYPE);
        }
        record(new PaymentRefunded(why, reference), at);
    }

    private void requireAttempt(String event) {
        if (!mayAttemptAuthorization()) {
            throw new IllegalPaymentTransition(status, event);
        }
    }

    private void record(PaymentEvent event, Instant at) {
        apply(event, at);
        pending.add(new RecordedEvent(id, version, at, event));
    }

    /** The state after {@code event}; the one place where state changes, for new and replayed events alike. */
    private void apply(PaymentEvent event, Instant at) {
        if (status == null && !(event instanceof PaymentInitiated)) {
            throw new IllegalPaymentTransition("payment " + id + "'s stream must start with PaymentInitiated");
        }
        switch (event) {
            case PaymentInitiated initiated -> {
                if (status != null) {
                    throw new IllegalPaymentTransition(status, PaymentInitiated.TYPE);
                }
                orderId = initiated.orderId();
                customerId = initiated.customerId();
                amountMinor = initiated.amountMinor();
                currency = initiated.currency();
                status = PaymentStatus.INITIATED;
            }
            case PaymentAuthorized authorized -> {
                status = PaymentStatus.AUTHORIZED;
                providerReference = authorized.providerReference();
                reason = null;
                retryable = false;
            }
            case PaymentDeclined declined -> {
                status = PaymentStatus.DECLINED;
                reason = declined.reason();
                retryable = false;
            }
            case PaymentFailed failed -> {
                status = PaymentStatus.FAILED;
                reason = failed.reason();
                retryable = failed.retryable();
            }
            case PaymentVoided voided -> {
                status = PaymentStatus.VOIDED;
                reason = voided.reason();
            }
            case PaymentRefunded refunded -> {
                status = PaymentStatus.REFUNDED;
                reason = refunded.reason();
            }
        }
        version++;
        updatedAt = at;
    }

    /** True when an authorize for the order must not charge again but answer the outcome it had. */
    public boolean authorizationDecided() {
        return !mayAttemptAuthorization();
    }

    /** The same authorize as the one that initiated this payment (the saga re-sending it), not another one. */
    public boolean sameRequest(String customer, long amount, String currencyCode) {
        return customerId.equals(customer) && amountMinor == amount && currency.equals(currencyCode);
    }

    public boolean belongsTo(String customer) {
        return customerId.equals(customer);
    }

    /** The new events, not yet stored, versions {@code storedVersion() + 1...}. */
    public List<RecordedEvent> pending() {
        return List.copyOf(pending);
    }

    /** Called by the store once the pending events are appended. */
    public void markStored() {
        pending.clear();
        storedVersion = version;
    }

    public PaymentId id() {
        return id;
    }

    public String orderId() {
        return orderId;
    }

    public String customerId() {
        return customerId;
    }

    public long amountMinor() {
        return amountMinor;
    }

    public String currency() {
        return currency;
    }

    public PaymentStatus status() {
        return status;
    }

    /** The provider's id of the authorization; null until authorized. */
    public String providerReference() {
        return providerReference;
    }

    /** Why it was declined, failed, voided or refunded; null otherwise. */
    public String reason() {
        return reason;
    }

    /** For a FAILED payment: another attempt may succeed. */
    public boolean retryable() {
        return retryable;
    }

    public Instant updatedAt() {
        return updatedAt;
    }

    /** The version of the last event, pending ones included. */
    public int version() {
        return version;
    }

    /** The version of the stream as stored: the pending events are appended after it. */
    public int storedVersion() {
        return storedVersion;
    }
}
