package dev.patternshop.order.domain;

import static dev.patternshop.order.domain.OrderFixtures.PLACED_AT;
import static dev.patternshop.order.domain.OrderFixtures.aPlacedOrder;
import static dev.patternshop.order.domain.OrderFixtures.restored;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.patternshop.order.domain.OrderEvent.OrderCancelled;
import dev.patternshop.order.domain.OrderEvent.OrderConfirmed;
import dev.patternshop.order.domain.OrderEvent.OrderPlaced;
import dev.patternshop.order.domain.OrderEvent.PaymentRequested;
import dev.patternshop.order.domain.OrderEvent.StockRequested;
import dev.patternshop.order.domain.OrderSaga.Reasons;
import dev.patternshop.order.domain.SagaCommand.AuthorizePayment;
import dev.patternshop.order.domain.SagaCommand.CommitReservation;
import dev.patternshop.order.domain.SagaCommand.ReleaseReservation;
import dev.patternshop.order.domain.SagaCommand.ReserveStock;
import dev.patternshop.order.domain.SagaCommand.VoidPayment;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The checkout saga's decisions, one transaction at a time: each step restores the order and the saga as the next
 * transaction would load them, so what a test sees is what was decided in that step alone.
 */
class OrderSagaTest {

    private static final Duration STEP = Duration.ofSeconds(10);
    private static final SagaPolicy POLICY =
            new SagaPolicy(STEP, 3, Duration.ofSeconds(1), Duration.ofMinutes(2), Duration.ofSeconds(30));

    /** One order's checkout, reloaded before every step like the orchestrator's transactions reload it. */
    private static final class Checkout {
        Order order = aPlacedOrder();
        OrderSaga saga = OrderSaga.start(order, POLICY, PLACED_AT);

        Checkout next() {
            order = restored(order);
            saga = OrderSaga.restore(
                    POLICY,
                    saga.orderId(),
                    saga.state(),
                    saga.attempts(),
                    saga.dueAt().orElse(null),
                    saga.orderDeadline(),
                    saga.releasePending(),
                    saga.voidPending(),
                    saga.reason().orElse(null),
                    saga.startedAt(),
                    saga.updatedAt());
            return this;
        }

        Checkout reserved() {
            next().saga.stockReserved(order, at(1));
            return this;
        }

        Checkout authorized() {
            reserved().next().saga.paymentAuthorized(at(2));
            return this;
        }
    }

    private static Instant at(long seconds) {
        return PLACED_AT.plusSeconds(seconds);
    }

    @Nested
    class ForwardSteps {

        @Test
        void startingAwaitsTheStockAndSendsReserveStock() {
            Checkout checkout = new Checkout();

            assertThat(checkout.order.status()).isEqualTo(OrderStatus.AWAITING_STOCK);
            assertThat(checkout.order.events()).hasExactlyElementsOfTypes(OrderPlaced.class, StockRequested.class);
            assertThat(checkout.saga.state()).isEqualTo(SagaState.RESERVING_STOCK);
            assertThat(checkout.saga.commands()).containsExactly(new ReserveStock());
            assertThat(checkout.saga.newSteps())
                    .containsExactly(new SagaStep(SagaStep.RESERVE_STOCK, SagaStep.REQUESTED, null, PLACED_AT));
            assertThat(checkout.saga.dueAt()).contains(PLACED_AT.plus(STEP));
            assertThat(checkout.saga.orderDeadline()).isEqualTo(PLACED_AT.plus(POLICY.orderDeadline()));
        }

        @Test
        void reservedStockAsksForThePayment() {
            Checkout checkout = new Checkout().reserved();

            assertThat(checkout.order.status()).isEqualTo(OrderStatus.AWAITING_PAYMENT);
            assertThat(checkout.order.events()).hasExactlyElementsOfTypes(PaymentRequested.class);
            assertThat(checkout.saga.state()).isEqualTo(SagaState.AUTHORIZING_PAYMENT);
            assertThat(checkout.saga.commands()).containsExactly(new AuthorizePayment());
            assertThat(checkout.saga.attempts()).isEqualTo(1);
        }

        @Test
        void anAuthorizedPaymentCommitsTheReservation() {
            Checkout checkout = new Checkout().authorized();

            assertThat(checkout.saga.state()).isEqualTo(SagaState.COMMITTING_STOCK);
            assertThat(checkout.saga.commands()).containsExactly(new CommitReservation());
            assertThat(checkout.order.status()).isEqualTo(OrderStatus.AWAITING_PAYMENT);
        }

        @Test
        void aCommittedReservationConfirmsTheOrderAndEndsTheSaga() {
            Checkout checkout = new Checkout().authorized().next();

            assertThat(checkout.saga.reservationCommitted(checkout.order, at(3)))
                    .isTrue();

            assertThat(checkout.order.status()).isEqualTo(OrderStatus.CONFIRMED);
            assertThat(checkout.order.events()).hasExactlyElementsOfTypes(OrderConfirmed.class);
            assertThat(checkout.saga.state()).isEqualTo(SagaState.CONFIRMED);
            assertThat(checkout.saga.dueAt()).isEmpty();
            assertThat(checkout.saga.commands()).isEmpty();
        }

        @Test
        void aCommitRefusedAsAlreadyCommittedIsACommit() {
            Checkout checkout = new Checkout().authorized().next();

            checkout.saga.commitRefused(checkout.order, "RESERVATION_COMMITTED", at(3));

            assertThat(checkout.order.status()).isEqualTo(OrderStatus.CONFIRMED);
        }
    }

    @Nested
    class Compensations {

        @Test
        void outOfStockCancelsAndReleasesInCaseARepeatedReserveWasApplied() {
            Checkout checkout = new Checkout().next();

            checkout.saga.stockRefused(checkout.order, "OUT_OF_STOCK", at(1));

            assertThat(checkout.order.status()).isEqualTo(OrderStatus.CANCELLED);
            assertThat(checkout.order.cancelReason()).contains(Reasons.OUT_OF_STOCK);
            assertThat(checkout.order.events())
                    .containsExactly(new OrderCancelled(
                            checkout.order.id(),
                            OrderFixtures.CUSTOMER,
                            OrderStatus.AWAITING_STOCK,
                            Reasons.OUT_OF_STOCK,
                            "OUT_OF_STOCK",
                            at(1)));
            assertThat(checkout.saga.state()).isEqualTo(SagaState.COMPENSATING);
            assertThat(checkout.saga.commands()).containsExactly(new ReleaseReservation(Reasons.OUT_OF_STOCK));
            assertThat(checkout.saga.voidPending()).isFalse();

            checkout.next().saga.releaseRefused("RESERVATION_REJECTED", at(2));

            assertThat(checkout.saga.state()).isEqualTo(SagaState.CANCELLED);
            assertThat(checkout.saga.dueAt()).isEmpty();
        }

        @Test
        void anUnknownProductIsItsOwnReason() {
            Checkout checkout = new Checkout().next();

            checkout.saga.stockRefused(checkout.order, "UNKNOWN_PRODUCT", at(1));

            assertThat(checkout.order.cancelReason()).contains(Reasons.UNKNOWN_PRODUCT);
        }

        @Test
        void aDeclinedPaymentReleasesTheStockAndVoidsWhateverWasAuthorized() {
            Checkout checkout = new Checkout().reserved().next();

            checkout.saga.paymentDeclined(checkout.order, "INSUFFICIENT_FUNDS", at(2));

            assertThat(checkout.order.cancelReason()).contains(Reasons.PAYMENT_DECLINED);
            assertThat(checkout.saga.commands())
                    .containsExactly(
                            new ReleaseReservation(Reasons.PAYMENT_DECLINED),
                            new VoidPayment(Reasons.PAYMENT_DECLINED));

            checkout.next().saga.voidRefused("ILLEGAL_TRANSITION", at(3));
            assertThat(checkout.saga.state()).isEqualTo(SagaState.COMPENSATING);
            checkout.next().saga.reservationReleased(checkout.order, "PAYMENT_DECLINED", at(4));
            assertThat(checkout.saga.state()).isEqualTo(SagaState.CANCELLED);
        }

        @Test
        void aCommitRefusedBecauseTheReservationExpiredVoidsThePayment() {
            Checkout checkout = new Checkout().authorized().next();

            checkout.saga.commitRefused(checkout.order, "RESERVATION_RELEASED", at(3));

            assertThat(checkout.order.cancelReason()).contains(Reasons.STOCK_EXPIRED);
            assertThat(checkout.saga.commands())
                    .containsExactly(
                            new ReleaseReservation(Reasons.STOCK_EXPIRED), new VoidPayment(Reasons.STOCK_EXPIRED));
            checkout.next().saga.paymentVoided(at(4));
            checkout.next().saga.releaseRefused("RESERVATION_RELEASED", at(5));
            assertThat(checkout.saga.state()).isEqualTo(SagaState.CANCELLED);
        }

        @Test
        void aReservationThatExpiresWhileThePaymentIsAskedForCancelsTheOrder() {
            Checkout checkout = new Checkout().reserved().next();

            checkout.saga.reservationReleased(checkout.order, "EXPIRED", at(2));

            assertThat(checkout.order.cancelReason()).contains(Reasons.STOCK_EXPIRED);
            assertThat(checkout.saga.voidPending()).isTrue();
        }

        @Test
        void aVoidTheProviderCouldNotDoIsSentAgainUntilItIsDone() {
            Checkout checkout = new Checkout().reserved().next();
            checkout.saga.paymentDeclined(checkout.order, "CARD_DECLINED", at(2));
            checkout.next().saga.reservationReleased(checkout.order, "PAYMENT_DECLINED", at(3));

            checkout.next().saga.paymentFailed(checkout.order, "PROVIDER_UNAVAILABLE", true, at(4));
            assertThat(checkout.saga.dueAt()).contains(at(4).plus(POLICY.compensationRetry()));

            Instant later = at(4).plus(POLICY.compensationRetry());
            assertThat(checkout.next().saga.timeUp(checkout.order, later)).isTrue();
            // Only what is still unacknowledged goes out again.
            assertThat(checkout.saga.commands()).containsExactly(new VoidPayment(Reasons.PAYMENT_DECLINED));
            assertThat(checkout.saga.state()).isEqualTo(SagaState.COMPENSATING);
        }
    }

    @Nested
    class RepliesThatChangeNothing {

        @Test
        void aSecondStockReservedIsIgnored() {
            Checkout checkout = new Checkout().reserved().next();

            assertThat(checkout.saga.stockReserved(checkout.order, at(2))).isFalse();

            assertThat(checkout.saga.commands()).isEmpty();
            assertThat(checkout.saga.newSteps()).isEmpty();
            assertThat(checkout.order.events()).isEmpty();
        }

        @Test
        void repliesForAConfirmedOrderAreIgnored() {
            Checkout checkout = new Checkout().authorized().next();
            checkout.saga.reservationCommitted(checkout.order, at(3));
            checkout.next();

            assertThat(checkout.saga.paymentAuthorized(at(4))).isFalse();
            assertThat(checkout.saga.paymentDeclined(checkout.order, "CARD_DECLINED", at(4)))
                    .isFalse();
            assertThat(checkout.saga.stockRefused(checkout.order, "OUT_OF_STOCK", at(4)))
                    .isFalse();
            assertThat(checkout.saga.reservationReleased(checkout.order, "EXPIRED", at(4)))
                    .isFalse();
            assertThat(checkout.order.status()).isEqualTo(OrderStatus.CONFIRMED);
            assertThat(checkout.saga.commands()).isEmpty();
        }

        @Test
        void aLateAuthorizationAfterTheCustomerCancelledIsLeftToTheVoid() {
            Checkout checkout = new Checkout().reserved().next();
            checkout.saga.cancelByCustomer(checkout.order, at(2));
            checkout.next();

            assertThat(checkout.saga.paymentAuthorized(at(3))).isFalse();

            assertThat(checkout.saga.state()).isEqualTo(SagaState.COMPENSATING);
            assertThat(checkout.saga.voidPending()).isTrue();
        }
    }

    @Nested
    class LateSuccessAfterTheCancellation {

        @Test
        void aReservationAppliedAfterTheReleaseWasAcknowledgedIsReleasedAgain() {
            Checkout checkout = new Checkout().next();
            checkout.saga.stockRefused(checkout.order, "OUT_OF_STOCK", at(1));
            checkout.next().saga.releaseRefused("RESERVATION_REJECTED", at(2));
            assertThat(checkout.saga.state()).isEqualTo(SagaState.CANCELLED);

            assertThat(checkout.next().saga.stockReserved(checkout.order, at(3)))
                    .isTrue();

            assertThat(checkout.saga.state()).isEqualTo(SagaState.COMPENSATING);
            assertThat(checkout.saga.commands()).containsExactly(new ReleaseReservation(Reasons.OUT_OF_STOCK));
            assertThat(checkout.saga.dueAt()).isPresent();
            assertThat(checkout.order.status()).isEqualTo(OrderStatus.CANCELLED);
            assertThat(checkout.order.events())
                    .as("the order itself does not change")
                    .isEmpty();
        }

        @Test
        void anAuthorizationAppliedAfterNothingWasLeftToVoidIsVoided() {
            Checkout checkout = new Checkout().reserved().next();
            checkout.saga.paymentDeclined(checkout.order, "CARD_DECLINED", at(2));
            checkout.next().saga.voidRefused("UNKNOWN_PAYMENT", at(3));

            assertThat(checkout.next().saga.paymentAuthorized(at(4))).isTrue();

            assertThat(checkout.saga.commands()).containsExactly(new VoidPayment(Reasons.PAYMENT_DECLINED));
            assertThat(checkout.saga.voidPending()).isTrue();
        }

        @Test
        void aVoidTheProviderRefusesForGoodEndsTheCompensationAsFailed() {
            Checkout checkout = new Checkout().reserved().next();
            checkout.saga.cancelByCustomer(checkout.order, at(2));
            checkout.next().saga.reservationReleased(checkout.order, "CANCELLED_BY_CUSTOMER", at(3));

            checkout.next().saga.paymentFailed(checkout.order, "PROVIDER_REJECTED_REQUEST", false, at(4));

            assertThat(checkout.saga.compensationFailed()).isTrue();
            assertThat(checkout.saga.state()).isEqualTo(SagaState.CANCELLED);
            assertThat(checkout.saga.dueAt()).isEmpty();
        }
    }

    @Nested
    class TheSupervisor {

        @Test
        void aSagaIsNotDueBeforeItsStepTimesOut() {
            Checkout checkout = new Checkout().next();

            assertThat(checkout.saga.timeUp(checkout.order, PLACED_AT.plus(STEP).minusMillis(1)))
                    .isFalse();
            assertThat(checkout.saga.commands()).isEmpty();
        }

        @Test
        void anUnansweredStepIsSentAgainThenGivenUpAfterMaxAttempts() {
            Checkout checkout = new Checkout().next();

            assertThat(checkout.saga.timeUp(checkout.order, at(10))).isTrue();
            assertThat(checkout.saga.commands()).containsExactly(new ReserveStock());
            assertThat(checkout.saga.newSteps())
                    .containsExactly(new SagaStep(SagaStep.RESERVE_STOCK, SagaStep.RESENT, "attempt 2", at(10)));
            assertThat(checkout.saga.dueAt())
                    .as("a re-send waits twice as long")
                    .contains(at(30));
            checkout.next().saga.timeUp(checkout.order, at(30));
            assertThat(checkout.saga.attempts()).isEqualTo(3);
            assertThat(checkout.saga.dueAt()).contains(at(70));

            checkout.next().saga.timeUp(checkout.order, at(70));

            assertThat(checkout.order.status()).isEqualTo(OrderStatus.CANCELLED);
            assertThat(checkout.order.cancelReason()).contains(Reasons.INVENTORY_NOT_ANSWERING);
            assertThat(checkout.saga.commands())
                    .containsExactly(new ReleaseReservation(Reasons.INVENTORY_NOT_ANSWERING));
        }

        @Test
        void aRetryablePaymentFailureIsRetriedWithBackoffThenCancels() {
            Checkout checkout = new Checkout().reserved().next();

            checkout.saga.paymentFailed(checkout.order, "PROVIDER_UNAVAILABLE", true, at(2));
            assertThat(checkout.saga.dueAt()).contains(at(3));
            checkout.next().saga.timeUp(checkout.order, at(3));
            assertThat(checkout.saga.commands()).containsExactly(new AuthorizePayment());

            checkout.next().saga.paymentFailed(checkout.order, "PROVIDER_UNAVAILABLE", true, at(4));
            assertThat(checkout.saga.dueAt()).as("doubled").contains(at(6));
            checkout.next().saga.timeUp(checkout.order, at(6));

            checkout.next().saga.paymentFailed(checkout.order, "PROVIDER_UNAVAILABLE", true, at(7));

            assertThat(checkout.order.cancelReason()).contains(Reasons.PAYMENT_FAILED);
            assertThat(checkout.saga.commands())
                    .containsExactly(
                            new ReleaseReservation(Reasons.PAYMENT_FAILED), new VoidPayment(Reasons.PAYMENT_FAILED));
        }

        @Test
        void aPaymentFailureForGoodCancelsAtOnce() {
            Checkout checkout = new Checkout().reserved().next();

            checkout.saga.paymentFailed(checkout.order, "PROVIDER_REJECTED_REQUEST", false, at(2));

            assertThat(checkout.order.cancelReason()).contains(Reasons.PAYMENT_FAILED);
        }

        @Test
        void pastTheOrderDeadlineAnOrderBeforeItsPivotIsCancelled() {
            Checkout checkout = new Checkout().reserved().next();
            Instant deadline = checkout.saga.orderDeadline();

            checkout.saga.timeUp(checkout.order, deadline);

            assertThat(checkout.order.cancelReason()).contains(Reasons.DEADLINE_PASSED);
            assertThat(checkout.saga.voidPending()).isTrue();
        }

        @Test
        void pastThePivotTheCommitIsSentAgainWhateverTheDeadline() {
            Checkout checkout = new Checkout().authorized().next();
            Instant pastDeadline = checkout.saga.orderDeadline().plusSeconds(60);

            assertThat(checkout.saga.timeUp(checkout.order, pastDeadline)).isTrue();

            assertThat(checkout.saga.commands()).containsExactly(new CommitReservation());
            assertThat(checkout.saga.state()).isEqualTo(SagaState.COMMITTING_STOCK);
            assertThat(checkout.order.status()).isEqualTo(OrderStatus.AWAITING_PAYMENT);
        }

        @Test
        void theStepDeadlineNeverPassesTheOrderDeadline() {
            SagaPolicy shortDeadline =
                    new SagaPolicy(STEP, 3, Duration.ofSeconds(1), Duration.ofSeconds(4), Duration.ofSeconds(30));

            OrderSaga saga = OrderSaga.start(aPlacedOrder(), shortDeadline, PLACED_AT);

            assertThat(saga.dueAt()).contains(at(4));
        }
    }

    @Nested
    class TheCustomer {

        @Test
        void cancellingWhileTheStockIsReservedReleasesIt() {
            Checkout checkout = new Checkout().next();

            checkout.saga.cancelByCustomer(checkout.order, at(1));

            assertThat(checkout.order.cancelReason()).contains(Reasons.CANCELLED_BY_CUSTOMER);
            assertThat(checkout.saga.commands()).containsExactly(new ReleaseReservation(Reasons.CANCELLED_BY_CUSTOMER));
        }

        @Test
        void cancellingWhileThePaymentIsAskedForAlsoVoidsIt() {
            Checkout checkout = new Checkout().reserved().next();

            checkout.saga.cancelByCustomer(checkout.order, at(2));

            assertThat(checkout.saga.commands())
                    .containsExactly(
                            new ReleaseReservation(Reasons.CANCELLED_BY_CUSTOMER),
                            new VoidPayment(Reasons.CANCELLED_BY_CUSTOMER));
        }

        @Test
        void anOrderPastItsPivotOrEndedCannotBeCancelled() {
            Checkout committing = new Checkout().authorized().next();
            assertThatThrownBy(() -> committing.saga.cancelByCustomer(committing.order, at(3)))
                    .isInstanceOf(IllegalOrderTransition.class)
                    .hasMessageContaining("being confirmed");

            committing.saga.reservationCommitted(committing.order, at(3));
            Checkout confirmed = committing.next();
            assertThatThrownBy(() -> confirmed.saga.cancelByCustomer(confirmed.order, at(4)))
                    .isInstanceOf(IllegalOrderTransition.class);
            assertThat(confirmed.order.status()).isEqualTo(OrderStatus.CONFIRMED);
        }
    }
}
