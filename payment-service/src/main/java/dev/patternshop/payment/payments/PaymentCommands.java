package dev.patternshop.payment.payments;

import dev.patternshop.events.Envelope;
import dev.patternshop.events.payment.v1.AuthorizePayment;
import dev.patternshop.events.payment.v1.PaymentAuthorized;
import dev.patternshop.events.payment.v1.PaymentCommandRejected;
import dev.patternshop.events.payment.v1.PaymentDeclined;
import dev.patternshop.events.payment.v1.PaymentFailed;
import dev.patternshop.events.payment.v1.PaymentRefunded;
import dev.patternshop.events.payment.v1.PaymentVoided;
import dev.patternshop.events.payment.v1.RefundPayment;
import dev.patternshop.events.payment.v1.VoidPayment;
import dev.patternshop.payment.domain.Payment;
import dev.patternshop.payment.domain.PaymentId;
import dev.patternshop.payment.domain.PaymentProvider;
import dev.patternshop.payment.domain.PaymentProvider.ProviderAnswer;
import dev.patternshop.payment.domain.PaymentRules;
import dev.patternshop.payment.domain.Step;
import dev.patternshop.payment.events.PaymentReplies;
import dev.patternshop.payment.persistence.PaymentEventStore;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Payment's commands, one method each: {@code authorize}, {@code voidPayment}, {@code refund}. Each runs in ONE
 * transaction (the inbox's, which records the message in the same commit): read the payment's stream, decide, call
 * the provider when the decision needs it, append the outcome's events and the reply. Every command gets a reply,
 * never an exception for a command that cannot apply.
 *
 * <p><b>The provider is called inside the transaction.</b> The cost: a consumer thread holds one database
 * connection for as long as the provider takes (bounded by the provider client's deadline), so the pool must exceed
 * the consumer concurrency. The gain: nothing is decided without being stored. A crash after the provider answered
 * and before the commit rolls everything back; Kafka delivers the command again and the provider is called again
 * with the SAME idempotency key ({@link PaymentId#idempotencyKey}, the payment id being derived from the order id),
 * so it answers its first answer and charges once.
 *
 * <p>Two writers on one payment (two instances handling the saga's re-sent command at once) race on the stream's
 * next version: the loser's append fails with {@code ConcurrentAppend}, its transaction rolls back, and the
 * messaging layer has the inbox retry the command, which then finds the winner's outcome and answers it again.
 *
 * <p>The methods return the reply they appended (for tests and logs).
 */
@Service
public class PaymentCommands {

    private static final Logger LOG = LoggerFactory.getLogger(PaymentCommands.class);
    private static final String UNUSABLE_KEY = "unusable-order-id";
    static final String AUTHORIZE = "authorize";
    static final String VOID = "void";
    static final String REFUND = "refund";

    private final PaymentEventStore store;
    private final PaymentProvider provider;
    private final PaymentReplies replies;
    private final PaymentRules rules;
    private final Clock clock;

    PaymentCommands(
            PaymentEventStore store,
            PaymentProvider provider,
            PaymentReplies replies,
            PaymentSettings settings,
            Clock clock) {
        this.store = store;
        this.provider = provider;
        this.replies = replies;
        this.rules = settings.rules();
        this.clock = clock;
    }

    /**
     * Authorizes the order's amount: PaymentAuthorized, PaymentDeclined, PaymentFailed (retryable: send it again
     * later), or PaymentCommandRejected. A payment whose authorization was decided answers its outcome again
     * without calling the provider.
     */
    @Transactional
    public Record authorize(AuthorizePayment command, Envelope incoming) {
        Instant now = now();
        String orderId = command.orderId();
        Optional<String> violation =
                rules.violation(orderId, command.customerId(), command.amountMinor(), command.currency());
        if (violation.isPresent()) {
            LOG.info("Authorize for order {} rejected: {}", printable(orderId), violation.get());
            return rejected(orderId, AuthorizePayment.TYPE, PaymentCommandRejected.INVALID_REQUEST, incoming, now);
        }
        Optional<Payment> found = store.load(PaymentId.forOrder(orderId));
        if (found.isPresent()
                && !found.get().sameRequest(command.customerId(), command.amountMinor(), command.currency())) {
            LOG.info("Authorize for order {} rejected: it differs from the one that initiated its payment", orderId);
            return rejected(orderId, AuthorizePayment.TYPE, PaymentCommandRejected.INVALID_REQUEST, incoming, now);
        }
        if (found.isPresent() && found.get().authorizationDecided()) {
            return answer(found.get(), incoming, now);
        }
        Payment payment = found.orElseGet(
                () -> Payment.initiate(orderId, command.customerId(), command.amountMinor(), command.currency(), now));
        // Stored before the call: a concurrent twin waits on this version's row instead of calling the provider too.
        store.save(payment);
        ProviderAnswer answer = provider.authorize(new PaymentProvider.Authorize(
                payment.id(),
                payment.id().idempotencyKey(AUTHORIZE),
                payment.customerId(),
                payment.amountMinor(),
                payment.currency()));
        Instant answeredAt = now();
        switch (answer) {
            case ProviderAnswer.Approved approved -> payment.authorized(approved.providerReference(), answeredAt);
            case ProviderAnswer.Declined declined -> payment.declined(declined.reason(), answeredAt);
            case ProviderAnswer.Unavailable unavailable ->
                payment.failed(unavailable.reason(), unavailable.retryable(), answeredAt);
        }
        store.save(payment);
        return answer(payment, incoming, answeredAt);
    }

    /** Releases the authorization: PaymentVoided (again, when done), PaymentFailed, or PaymentCommandRejected. */
    @Transactional
    public Record voidPayment(VoidPayment command, Envelope incoming) {
        Instant now = now();
        String orderId = command.orderId();
        if (!PaymentRules.isOrderId(orderId) || !PaymentRules.isReason(command.reason())) {
            return rejected(orderId, VoidPayment.TYPE, PaymentCommandRejected.INVALID_REQUEST, incoming, now);
        }
        Optional<Payment> found = store.load(PaymentId.forOrder(orderId));
        if (found.isEmpty()) {
            return rejected(orderId, VoidPayment.TYPE, PaymentCommandRejected.UNKNOWN_PAYMENT, incoming, now);
        }
        Payment payment = found.get();
        Step step = payment.voidStep();
        if (step == Step.REFUSED) {
            return rejected(orderId, VoidPayment.TYPE, PaymentCommandRejected.ILLEGAL_TRANSITION, incoming, now);
        }
        if (step == Step.APPLY) {
            ProviderAnswer answer = provider.voidAuthorization(new PaymentProvider.VoidAuthorization(
                    payment.id(), payment.id().idempotencyKey(VOID), payment.providerReference()));
            if (!(answer instanceof ProviderAnswer.Approved approved)) {
                return notDone(payment, answer, incoming, now);
            }
            payment.voided(command.reason(), approved.providerReference(), now());
            store.save(payment);
        }
        return answer(payment, incoming, now());
    }

    /** Gives the amount back: PaymentRefunded (again, when done), PaymentFailed, or PaymentCommandRejected. */
    @Transactional
    public Record refund(RefundPayment command, Envelope incoming) {
        Instant now = now();
        String orderId = command.orderId();
        if (!PaymentRules.isOrderId(orderId) || !PaymentRules.isReason(command.reason())) {
            return rejected(orderId, RefundPayment.TYPE, PaymentCommandRejected.INVALID_REQUEST, incoming, now);
        }
        Optional<Payment> found = store.load(PaymentId.forOrder(orderId));
        if (found.isEmpty()) {
            return rejected(orderId, RefundPayment.TYPE, PaymentCommandRejected.UNKNOWN_PAYMENT, incoming, now);
        }
        Payment payment = found.get();
        Step step = payment.refundStep();
        if (step == Step.REFUSED) {
            return rejected(orderId, RefundPayment.TYPE, PaymentCommandRejected.ILLEGAL_TRANSITION, incoming, now);
        }
        if (step == Step.APPLY) {
            ProviderAnswer answer = provider.refund(new PaymentProvider.Refund(
                    payment.id(),
                    payment.id().idempotencyKey(REFUND),
                    payment.providerReference(),
                    payment.amountMinor(),
                    payment.currency()));
            if (!(answer instanceof ProviderAnswer.Approved approved)) {
                return notDone(payment, answer, incoming, now);
            }
            payment.refunded(command.reason(), approved.providerReference(), now());
            store.save(payment);
        }
        return answer(payment, incoming, now());
    }

    /** The reply that states where the payment stands: the first answer, or the same answer again. */
    private Record answer(Payment payment, Envelope incoming, Instant at) {
        String orderId = payment.orderId();
        String paymentId = payment.id().toString();
        Record reply = switch (payment.status()) {
            case AUTHORIZED ->
                new PaymentAuthorized(
                        orderId, paymentId, payment.amountMinor(), payment.currency(), payment.providerReference());
            case DECLINED -> new PaymentDeclined(orderId, paymentId, payment.reason());
            case FAILED -> new PaymentFailed(orderId, paymentId, payment.reason(), payment.retryable());
            case VOIDED -> new PaymentVoided(orderId, paymentId, payment.reason());
            case REFUNDED ->
                new PaymentRefunded(orderId, paymentId, payment.amountMinor(), payment.currency(), payment.reason());
            case INITIATED -> throw new IllegalStateException("payment " + paymentId + " has no outcome to answer");
        };
        replies.reply(orderId, incoming.next(type(reply), at), reply);
        return reply;
    }

    /**
     * A void or refund the provider did not do: nothing is recorded (the payment stays authorized, so the command may
     * be sent again), and the reply says whether trying again may help. A provider that refuses a void or refund
     * outright is a request it will never accept: not retryable.
     */
    private Record notDone(Payment payment, ProviderAnswer answer, Envelope incoming, Instant at) {
        PaymentFailed reply = switch (answer) {
            case ProviderAnswer.Unavailable unavailable ->
                new PaymentFailed(
                        payment.orderId(), payment.id().toString(), unavailable.reason(), unavailable.retryable());
            default ->
                new PaymentFailed(
                        payment.orderId(), payment.id().toString(), PaymentFailed.PROVIDER_REJECTED_REQUEST, false);
        };
        LOG.info("Provider did not complete a command on payment {}: {}", payment.id(), answer);
        replies.reply(payment.orderId(), incoming.next(PaymentFailed.TYPE, at), reply);
        return reply;
    }

    private Record rejected(String orderId, String command, String reason, Envelope incoming, Instant now) {
        PaymentCommandRejected reply = new PaymentCommandRejected(usable(orderId), command, reason);
        replies.reply(key(orderId, incoming), incoming.next(PaymentCommandRejected.TYPE, now), reply);
        return reply;
    }

    private static String type(Record reply) {
        return switch (reply) {
            case PaymentAuthorized r -> PaymentAuthorized.TYPE;
            case PaymentDeclined r -> PaymentDeclined.TYPE;
            case PaymentFailed r -> PaymentFailed.TYPE;
            case PaymentVoided r -> PaymentVoided.TYPE;
            case PaymentRefunded r -> PaymentRefunded.TYPE;
            default -> throw new IllegalArgumentException("not a payment reply: " + reply.getClass());
        };
    }

    /**
     * The order id; for a command whose order id is unusable, the envelope's correlation id stands in (the order id in
     * a checkout), or a fixed key when that is unusable too.
     */
    private static String key(String orderId, Envelope incoming) {
        if (PaymentRules.isOrderId(orderId)) {
            return orderId;
        }
        return PaymentRules.isOrderId(incoming.correlationId()) ? incoming.correlationId() : UNUSABLE_KEY;
    }

    /** An unusable order id is not repeated in the reply: it may hold what JSON in Postgres cannot (a NUL). */
    private static String usable(String orderId) {
        return PaymentRules.isOrderId(orderId) ? orderId : null;
    }

    private static String printable(String orderId) {
        return PaymentRules.isOrderId(orderId) ? orderId : "(unusable order id)";
    }

    /** To the microsecond, as Postgres stores it: a time read back from the stream equals the one recorded. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
