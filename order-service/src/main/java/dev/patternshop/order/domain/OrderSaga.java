package dev.patternshop.order.domain;

import dev.patternshop.order.domain.SagaCommand.AuthorizePayment;
import dev.patternshop.order.domain.SagaCommand.CommitReservation;
import dev.patternshop.order.domain.SagaCommand.ReleaseReservation;
import dev.patternshop.order.domain.SagaCommand.ReserveStock;
import dev.patternshop.order.domain.SagaCommand.VoidPayment;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The checkout saga of one order (an orchestrator, kept with the order on its shard): reserve stock, authorize the
 * payment, commit the reservation, confirm. It decides; the orchestrator stores the decision, the order's change and
 * the commands to send in one transaction.
 *
 * <pre>
 * RESERVING_STOCK --StockReserved--> AUTHORIZING_PAYMENT --PaymentAuthorized--> COMMITTING_STOCK --Committed--> CONFIRMED
 *        |                                   |                                        |
 *        | refused, no answer, deadline,     | declined, failed for good, no answer,   | commit refused (the
 *        | customer cancels                  | deadline, customer cancels, stock gone  | reservation expired)
 *        v                                   v                                        v
 *   order CANCELLED, COMPENSATING (release the stock; void the payment once one was asked for) --acks--> CANCELLED
 * </pre>
 *
 * <p>The commit of the reservation is the <b>pivot</b>: before it, anything may cancel the order and every step is
 * undone; once it is sent, the saga only waits for its answer (sent again until inventory answers), because a
 * reservation committed by a late command could not be undone.
 *
 * <p>Every reply method is safe to call with a reply the saga no longer waits for (a duplicate, one overtaken by a
 * re-send, one for an order that ended): it returns {@code false} and changes nothing.
 */
public final class OrderSaga {

    private final OrderId orderId;
    private SagaState state;
    private int attempts;
    private Instant dueAt;
    private final Instant orderDeadline;
    private boolean releasePending;
    private boolean voidPending;
    private String reason;
    private final Instant startedAt;
    private Instant updatedAt;
    private final List<SagaStep> steps = new ArrayList<>();
    private final List<SagaCommand> commands = new ArrayList<>();
    private final SagaPolicy policy;
    private boolean compensationFailed;

    private OrderSaga(
            SagaPolicy policy,
            OrderId orderId,
            SagaState state,
            int attempts,
            Instant dueAt,
            Instant orderDeadline,
            boolean releasePending,
            boolean voidPending,
            String reason,
            Instant startedAt,
            Instant updatedAt) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.orderId = Objects.requireNonNull(orderId, "orderId");
        this.state = Objects.requireNonNull(state, "state");
        this.attempts = attempts;
        this.dueAt = dueAt;
        this.orderDeadline = Objects.requireNonNull(orderDeadline, "orderDeadline");
        this.releasePending = releasePending;
        this.voidPending = voidPending;
        this.reason = reason;
        this.startedAt = startedAt;
        this.updatedAt = updatedAt;
    }

    /** Starts the saga of a just-placed order: the order awaits its stock, ReserveStock goes out. */
    public static OrderSaga start(Order order, SagaPolicy policy, Instant now) {
        order.awaitStock(now);
        OrderSaga saga = new OrderSaga(
                policy,
                order.id(),
                SagaState.RESERVING_STOCK,
                0,
                null,
                now.plus(policy.orderDeadline()),
                false,
                false,
                null,
                now,
                now);
        saga.send(new ReserveStock(), SagaStep.RESERVE_STOCK, SagaStep.REQUESTED, null, now);
        return saga;
    }

    /** A saga as it was stored: nothing decided yet, so no steps or commands of its own. */
    public static OrderSaga restore(
            SagaPolicy policy,
            OrderId orderId,
            SagaState state,
            int attempts,
            Instant dueAt,
            Instant orderDeadline,
            boolean releasePending,
            boolean voidPending,
            String reason,
            Instant startedAt,
            Instant updatedAt) {
        return new OrderSaga(
                policy,
                orderId,
                state,
                attempts,
                dueAt,
                orderDeadline,
                releasePending,
                voidPending,
                reason,
                startedAt,
                updatedAt);
    }

    // ---- inventory's replies

    /** The stock is reserved: ask for the payment. */
    public boolean stockReserved(Order order, Instant now) {
        if (cancelledWithout(releasePending)) {
            // A reserve applied after the order was cancelled and its release acknowledged (a dead-lettered command
            // replayed late): the stock is held again, so the compensation is reopened.
            reopen(SagaStep.RELEASE_STOCK, now);
            return true;
        }
        if (state != SagaState.RESERVING_STOCK) {
            return false;
        }
        log(SagaStep.RESERVE_STOCK, SagaStep.DONE, null, now);
        order.awaitPayment(now);
        enter(SagaState.AUTHORIZING_PAYMENT);
        send(new AuthorizePayment(), SagaStep.AUTHORIZE_PAYMENT, SagaStep.REQUESTED, null, now);
        return true;
    }

    /**
     * Inventory refused the reservation ({@code OUT_OF_STOCK}, {@code UNKNOWN_PRODUCT}, ...): cancel. The release
     * still goes out, since a re-sent ReserveStock may have been applied after the refusal of an earlier one.
     */
    public boolean stockRefused(Order order, String refusal, Instant now) {
        if (state != SagaState.RESERVING_STOCK) {
            return false;
        }
        log(SagaStep.RESERVE_STOCK, SagaStep.FAILED, refusal, now);
        cancel(order, cancelReasonFor(refusal), refusal, now);
        return true;
    }

    /**
     * The reservation ended without the saga asking (inventory's expiry): before the pivot the order cannot be
     * fulfilled any more; at the pivot the commit's own refusal says so; while compensating, it is the release done.
     */
    public boolean reservationReleased(Order order, String why, Instant now) {
        if (state == SagaState.COMPENSATING && releasePending) {
            releasePending = false;
            log(SagaStep.RELEASE_STOCK, SagaStep.DONE, why, now);
            finishCompensationIfDone(now);
            return true;
        }
        if (state == SagaState.AUTHORIZING_PAYMENT) {
            log(SagaStep.RESERVE_STOCK, SagaStep.FAILED, why, now);
            cancel(order, Reasons.STOCK_EXPIRED, why, now);
            return true;
        }
        return false;
    }

    /** The reservation is committed: the order is confirmed, the saga ends. */
    public boolean reservationCommitted(Order order, Instant now) {
        if (state != SagaState.COMMITTING_STOCK) {
            return false;
        }
        log(SagaStep.COMMIT_STOCK, SagaStep.DONE, null, now);
        order.confirm(now);
        log(SagaStep.CONFIRM, SagaStep.DONE, null, now);
        end(SagaState.CONFIRMED, now);
        return true;
    }

    /**
     * Inventory refused the commit: the reservation ended before it ({@code RESERVATION_RELEASED}: expired) or is
     * unknown. The order cannot be fulfilled: cancel, void the payment. {@code RESERVATION_COMMITTED} is an earlier
     * commit of the same reservation: the commit is done.
     */
    public boolean commitRefused(Order order, String refusal, Instant now) {
        if (state != SagaState.COMMITTING_STOCK) {
            return false;
        }
        if (Refusals.ALREADY_COMMITTED.equals(refusal)) {
            return reservationCommitted(order, now);
        }
        log(SagaStep.COMMIT_STOCK, SagaStep.FAILED, refusal, now);
        cancel(order, Reasons.STOCK_EXPIRED, refusal, now);
        return true;
    }

    /**
     * Inventory refused the release: nothing (left) to release, the reservation never existed, was rejected
     * ({@code RESERVATION_REJECTED}, after a refused reserve), expired or was released. (Committed cannot be the
     * answer: the saga releases after a commit only when inventory refused that commit.)
     */
    public boolean releaseRefused(String refusal, Instant now) {
        if (state != SagaState.COMPENSATING || !releasePending) {
            return false;
        }
        releasePending = false;
        log(SagaStep.RELEASE_STOCK, SagaStep.DONE, refusal, now);
        finishCompensationIfDone(now);
        return true;
    }

    // ---- payment's replies

    /** The payment is authorized: commit the reservation (the pivot). */
    public boolean paymentAuthorized(Instant now) {
        if (cancelledWithout(voidPending)) {
            // An authorization applied after the order was cancelled and nothing was left to void (a dead-lettered
            // command replayed late): a hold is on the card again, so the compensation is reopened.
            reopen(SagaStep.VOID_PAYMENT, now);
            return true;
        }
        if (state != SagaState.AUTHORIZING_PAYMENT) {
            return false;
        }
        log(SagaStep.AUTHORIZE_PAYMENT, SagaStep.DONE, null, now);
        enter(SagaState.COMMITTING_STOCK);
        send(new CommitReservation(), SagaStep.COMMIT_STOCK, SagaStep.REQUESTED, null, now);
        return true;
    }

    /** The provider declined: cancel, give the stock back. */
    public boolean paymentDeclined(Order order, String why, Instant now) {
        if (state != SagaState.AUTHORIZING_PAYMENT) {
            return false;
        }
        log(SagaStep.AUTHORIZE_PAYMENT, SagaStep.FAILED, why, now);
        cancel(order, Reasons.PAYMENT_DECLINED, why, now);
        return true;
    }

    /**
     * Payment could not do what it was asked. For the authorization: retryable -> sent again after a backoff, while
     * attempts remain; for good (or out of attempts) -> cancel. For a void: sent again later (a compensation must end).
     */
    public boolean paymentFailed(Order order, String why, boolean retryable, Instant now) {
        if (state == SagaState.AUTHORIZING_PAYMENT) {
            if (retryable && attempts < policy.maxAttempts()) {
                log(SagaStep.AUTHORIZE_PAYMENT, SagaStep.RETRY_SCHEDULED, why, now);
                dueAt = earliest(now.plus(policy.backoffAfter(attempts)), orderDeadline);
                return true;
            }
            log(SagaStep.AUTHORIZE_PAYMENT, SagaStep.FAILED, why, now);
            cancel(order, Reasons.PAYMENT_FAILED, why, now);
            return true;
        }
        if (state == SagaState.COMPENSATING && voidPending) {
            if (!retryable) {
                // The provider will never do this void: sending it again would only call it again. The hold ends
                // when the provider lets it expire; an operator is told (compensationFailed, a metric, the log).
                voidPending = false;
                compensationFailed = true;
                log(SagaStep.VOID_PAYMENT, SagaStep.FAILED, why, now);
                finishCompensationIfDone(now);
                return true;
            }
            log(SagaStep.VOID_PAYMENT, SagaStep.RETRY_SCHEDULED, why, now);
            dueAt = now.plus(policy.compensationRetryOf(attempts));
            return true;
        }
        return false;
    }

    /** The authorization is released: one compensation done. */
    public boolean paymentVoided(Instant now) {
        if (state != SagaState.COMPENSATING || !voidPending) {
            return false;
        }
        voidPending = false;
        log(SagaStep.VOID_PAYMENT, SagaStep.DONE, null, now);
        finishCompensationIfDone(now);
        return true;
    }

    /** Payment refused the void: there is nothing to void (never authorized: declined, failed, or no payment). */
    public boolean voidRefused(String refusal, Instant now) {
        if (state != SagaState.COMPENSATING || !voidPending) {
            return false;
        }
        voidPending = false;
        log(SagaStep.VOID_PAYMENT, SagaStep.DONE, refusal, now);
        finishCompensationIfDone(now);
        return true;
    }

    /** Payment refused the authorization (the request broke its rules): cancel. */
    public boolean authorizationRefused(Order order, String refusal, Instant now) {
        if (state != SagaState.AUTHORIZING_PAYMENT) {
            return false;
        }
        log(SagaStep.AUTHORIZE_PAYMENT, SagaStep.FAILED, refusal, now);
        cancel(order, Reasons.PAYMENT_FAILED, refusal, now);
        return true;
    }

    // ---- the customer

    /**
     * The customer cancels: allowed before the pivot only.
     *
     * @throws IllegalOrderTransition when the order is confirmed, cancelled, or past its pivot
     */
    public void cancelByCustomer(Order order, Instant now) {
        if (state == SagaState.COMMITTING_STOCK) {
            throw new IllegalOrderTransition(
                    order.id(),
                    order.status(),
                    "be cancelled any more: its payment is authorized and it is being confirmed");
        }
        if (!state.beforePivot()) {
            throw new IllegalOrderTransition(order.id(), order.status(), "be cancelled");
        }
        cancel(order, Reasons.CANCELLED_BY_CUSTOMER, null, now);
    }

    // ---- the supervisor

    /** Whether the supervisor has something to do for this saga at {@code now}. */
    public boolean isDue(Instant now) {
        return dueAt != null && !dueAt.isAfter(now);
    }

    /**
     * The supervisor found the saga due: a step not answered in time (or a scheduled retry) is sent again with a new
     * message id, a bounded number of times before the pivot; past that bound or past the order's deadline the order
     * is cancelled; the pivot and unacknowledged compensations are sent again until answered.
     *
     * @return false when the saga was not due after all (another instance handled it first)
     */
    public boolean timeUp(Order order, Instant now) {
        if (!isDue(now)) {
            return false;
        }
        switch (state) {
            case RESERVING_STOCK, AUTHORIZING_PAYMENT -> retryOrGiveUp(order, now);
            case COMMITTING_STOCK ->
                send(new CommitReservation(), SagaStep.COMMIT_STOCK, SagaStep.RESENT, "attempt " + (attempts + 1), now);
            case COMPENSATING -> sendCompensations(SagaStep.RESENT, now);
            case CONFIRMED, CANCELLED -> dueAt = null;
        }
        return true;
    }

    private void retryOrGiveUp(Order order, Instant now) {
        boolean reserving = state == SagaState.RESERVING_STOCK;
        String step = reserving ? SagaStep.RESERVE_STOCK : SagaStep.AUTHORIZE_PAYMENT;
        if (!now.isBefore(orderDeadline)) {
            log(step, SagaStep.FAILED, "deadline passed", now);
            cancel(order, Reasons.DEADLINE_PASSED, null, now);
        } else if (attempts >= policy.maxAttempts()) {
            log(step, SagaStep.FAILED, "no answer after " + attempts + " attempts", now);
            cancel(order, reserving ? Reasons.INVENTORY_NOT_ANSWERING : Reasons.PAYMENT_NOT_ANSWERING, null, now);
        } else {
            SagaCommand command = reserving ? new ReserveStock() : new AuthorizePayment();
            send(command, step, SagaStep.RESENT, "attempt " + (attempts + 1), now);
        }
    }

    // ---- cancelling and compensating

    /**
     * Cancels the order and starts the compensations: the stock is released whatever step the saga was in (a reserve
     * may have been applied late); the payment is voided once an authorization was asked for.
     */
    private void cancel(Order order, String why, String detail, Instant now) {
        boolean paymentAsked = state == SagaState.AUTHORIZING_PAYMENT || state == SagaState.COMMITTING_STOCK;
        order.cancel(why, detail, now);
        reason = why;
        log(SagaStep.CANCEL, SagaStep.DONE, why, now);
        enter(SagaState.COMPENSATING);
        releasePending = true;
        voidPending = paymentAsked;
        sendCompensations(SagaStep.REQUESTED, now);
    }

    private void sendCompensations(String outcome, Instant now) {
        if (releasePending) {
            commands.add(new ReleaseReservation(reason));
            log(SagaStep.RELEASE_STOCK, outcome, null, now);
        }
        if (voidPending) {
            commands.add(new VoidPayment(reason));
            log(SagaStep.VOID_PAYMENT, outcome, null, now);
        }
        attempts++;
        dueAt = now.plus(policy.compensationRetryOf(attempts));
        updatedAt = now;
    }

    /** Ended (or compensating) with this compensation already acknowledged: a late success needs undoing again. */
    private boolean cancelledWithout(boolean pending) {
        return state == SagaState.CANCELLED || (state == SagaState.COMPENSATING && !pending);
    }

    private void reopen(String compensation, Instant now) {
        log(compensation, SagaStep.REQUESTED, "late success after the cancellation", now);
        state = SagaState.COMPENSATING;
        if (compensation.equals(SagaStep.RELEASE_STOCK)) {
            releasePending = true;
            commands.add(new ReleaseReservation(reason));
        } else {
            voidPending = true;
            commands.add(new VoidPayment(reason));
        }
        attempts = 1;
        dueAt = now.plus(policy.compensationRetryOf(attempts));
    }

    private void finishCompensationIfDone(Instant now) {
        if (!releasePending && !voidPending) {
            end(SagaState.CANCELLED, now);
        }
    }

    // ---- bookkeeping

    private void send(SagaCommand command, String step, String outcome, String detail, Instant now) {
        commands.add(command);
        attempts++;
        log(step, outcome, detail, now);
        Instant stepDue = now.plus(policy.timeoutOf(attempts));
        dueAt = state.beforePivot() ? earliest(stepDue, orderDeadline) : stepDue;
    }

    private void enter(SagaState next) {
        state = next;
        attempts = 0;
    }

    private void end(SagaState last, Instant now) {
        state = last;
        dueAt = null;
        updatedAt = now;
    }

    private void log(String step, String outcome, String detail, Instant now) {
        steps.add(new SagaStep(step, outcome, detail, now));
        updatedAt = now;
    }

    private static Instant earliest(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    private static String cancelReasonFor(String refusal) {
        return switch (refusal) {
            case Refusals.OUT_OF_STOCK -> Reasons.OUT_OF_STOCK;
            case Refusals.UNKNOWN_PRODUCT -> Reasons.UNKNOWN_PRODUCT;
            default -> Reasons.STOCK_REFUSED;
        };
    }

    /** The steps this change added, oldest first (the orchestrator appends them to the saga's log). */
    public List<SagaStep> newSteps() {
        return List.copyOf(steps);
    }

    /** The commands this change decided to send, in order. */
    public List<SagaCommand> commands() {
        return List.copyOf(commands);
    }

    public OrderId orderId() {
        return orderId;
    }

    public SagaState state() {
        return state;
    }

    public int attempts() {
        return attempts;
    }

    public Optional<Instant> dueAt() {
        return Optional.ofNullable(dueAt);
    }

    public Instant orderDeadline() {
        return orderDeadline;
    }

    public boolean releasePending() {
        return releasePending;
    }

    public boolean voidPending() {
        return voidPending;
    }

    /** True when, in this change, a compensation failed for good (the provider refuses the void): for an operator. */
    public boolean compensationFailed() {
        return compensationFailed;
    }

    public Optional<String> reason() {
        return Optional.ofNullable(reason);
    }

    public Instant startedAt() {
        return startedAt;
    }

    public Instant updatedAt() {
        return updatedAt;
    }

    /** Why an order is cancelled: the codes of {@code OrderCancelled.v1}. */
    public static final class Reasons {
        public static final String OUT_OF_STOCK = "OUT_OF_STOCK";
        public static final String UNKNOWN_PRODUCT = "UNKNOWN_PRODUCT";
        public static final String STOCK_REFUSED = "STOCK_REFUSED";
        public static final String STOCK_EXPIRED = "STOCK_EXPIRED";
        public static final String PAYMENT_DECLINED = "PAYMENT_DECLINED";
        public static final String PAYMENT_FAILED = "PAYMENT_FAILED";
        public static final String INVENTORY_NOT_ANSWERING = "INVENTORY_NOT_ANSWERING";
        public static final String PAYMENT_NOT_ANSWERING = "PAYMENT_NOT_ANSWERING";
        public static final String DEADLINE_PASSED = "DEADLINE_PASSED";
        public static final String CANCELLED_BY_CUSTOMER = "CANCELLED_BY_CUSTOMER";

        private Reasons() {}
    }

    /** Inventory's refusal codes the saga tells apart. */
    public static final class Refusals {
        public static final String OUT_OF_STOCK = "OUT_OF_STOCK";
        public static final String UNKNOWN_PRODUCT = "UNKNOWN_PRODUCT";
        public static final String ALREADY_COMMITTED = "RESERVATION_COMMITTED";

        private Refusals() {}
    }
}
