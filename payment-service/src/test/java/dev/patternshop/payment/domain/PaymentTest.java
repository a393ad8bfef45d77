package dev.patternshop.payment.domain;

import static dev.patternshop.payment.domain.PaymentFixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.patternshop.payment.domain.PaymentEvent.PaymentAuthorized;
import dev.patternshop.payment.domain.PaymentEvent.PaymentFailed;
import dev.patternshop.payment.domain.PaymentEvent.PaymentInitiated;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every legal and illegal transition of a payment, and replay: the same events give the same state. */
class PaymentTest {

    private static final Instant LATER = T0.plusSeconds(60);

    @Test
    void aNewPaymentIsInitiatedWithItsIdDerivedFromTheOrderAndOnePendingEvent() {
        Payment payment = PaymentFixtures.initiated();

        assertThat(payment.id()).isEqualTo(PaymentId.forOrder("4711"));
        assertThat(payment.status()).isEqualTo(PaymentStatus.INITIATED);
        assertThat(payment.version()).isEqualTo(1);
        assertThat(payment.storedVersion()).isZero();
        assertThat(payment.pending())
                .singleElement()
                .isEqualTo(new RecordedEvent(
                        payment.id(), 1, T0, new PaymentInitiated("4711", "customer-1", 2599, "EUR")));
        assertThat(payment.mayAttemptAuthorization()).isTrue();
    }

    @Test
    void anAuthorizationRecordsTheProvidersReference() {
        Payment payment = PaymentFixtures.authorized();

        assertThat(payment.status()).isEqualTo(PaymentStatus.AUTHORIZED);
        assertThat(payment.providerReference()).isEqualTo("prov-1");
        assertThat(payment.version()).isEqualTo(2);
        assertThat(payment.authorizationDecided()).isTrue();
    }

    @Test
    void aDeclineIsFinal() {
        Payment payment = PaymentFixtures.declined();

        assertThat(payment.status()).isEqualTo(PaymentStatus.DECLINED);
        assertThat(payment.reason()).isEqualTo("CARD_DECLINED");
        assertThat(payment.mayAttemptAuthorization()).isFalse();
    }

    @Test
    void aRetryableFailureMayBeAttemptedAgainAndThenAuthorized() {
        Payment payment = PaymentFixtures.failed(true);
        assertThat(payment.mayAttemptAuthorization()).isTrue();

        payment.failed("PROVIDER_BUSY", true, LATER);
        payment.authorized("prov-2", LATER.plusSeconds(1));

        assertThat(payment.status()).isEqualTo(PaymentStatus.AUTHORIZED);
        assertThat(payment.version()).isEqualTo(4);
        assertThat(payment.pending())
                .extracting(e -> e.event().type())
                .containsExactly(PaymentInitiated.TYPE, PaymentFailed.TYPE, PaymentFailed.TYPE, PaymentAuthorized.TYPE);
    }

    @Test
    void aRetryableFailureMayEndInADecline() {
        Payment payment = PaymentFixtures.failed(true);

        payment.declined("INSUFFICIENT_FUNDS", LATER);

        assertThat(payment.status()).isEqualTo(PaymentStatus.DECLINED);
    }

    @Test
    void aFailureThatNoRetryCuresIsFinal() {
        Payment payment = PaymentFixtures.failed(false);

        assertThat(payment.mayAttemptAuthorization()).isFalse();
        assertThatThrownBy(() -> payment.authorized("prov-2", LATER)).isInstanceOf(IllegalPaymentTransition.class);
    }

    @Test
    void anAuthorizationIsVoidedOrRefunded() {
        Payment voided = PaymentFixtures.voided();
        Payment refunded = PaymentFixtures.refunded();

        assertThat(voided.status()).isEqualTo(PaymentStatus.VOIDED);
        assertThat(voided.reason()).isEqualTo("STOCK_RELEASED");
        assertThat(voided.providerReference()).as("the authorization's").isEqualTo("prov-1");
        assertThat(refunded.status()).isEqualTo(PaymentStatus.REFUNDED);
        assertThat(refunded.reason()).isEqualTo("RETURNED");
    }

    static Stream<Arguments> stepsByState() {
        return Stream.of(
                Arguments.of("initiated", (Supplier<Payment>) PaymentFixtures::initiated, Step.REFUSED, Step.REFUSED),
                Arguments.of("authorized", (Supplier<Payment>) PaymentFixtures::authorized, Step.APPLY, Step.APPLY),
                Arguments.of("declined", (Supplier<Payment>) PaymentFixtures::declined, Step.REFUSED, Step.REFUSED),
                Arguments.of(
                        "failed", (Supplier<Payment>) () -> PaymentFixtures.failed(true), Step.REFUSED, Step.REFUSED),
                Arguments.of("voided", (Supplier<Payment>) PaymentFixtures::voided, Step.REPEATED, Step.REFUSED),
                Arguments.of("refunded", (Supplier<Payment>) PaymentFixtures::refunded, Step.REFUSED, Step.REPEATED));
    }

    @ParameterizedTest(name = "{0}: void {2}, refund {3}")
    @MethodSource("stepsByState")
    void voidAndRefundApplyOnlyToAnAuthorizationAndRepeatWhenDone(
            String state, Supplier<Payment> payment, Step voidStep, Step refundStep) {
        assertThat(payment.get().voidStep()).isEqualTo(voidStep);
        assertThat(payment.get().refundStep()).isEqualTo(refundStep);
    }

    static Stream<Arguments> illegalTransitions() {
        Consumer<Payment> authorize = p -> p.authorized("prov-x", LATER);
        Consumer<Payment> decline = p -> p.declined("CARD_DECLINED", LATER);
        Consumer<Payment> fail = p -> p.failed("PROVIDER_UNAVAILABLE", true, LATER);
        Consumer<Payment> voidIt = p -> p.voided("X", "prov-v", LATER);
        Consumer<Payment> refund = p -> p.refunded("X", "prov-r", LATER);
        Supplier<Payment> initiated = PaymentFixtures::initiated;
        Supplier<Payment> authorized = PaymentFixtures::authorized;
        Supplier<Payment> declined = PaymentFixtures::declined;
        Supplier<Payment> failedForGood = () -> PaymentFixtures.failed(false);
        Supplier<Payment> failedRetryable = () -> PaymentFixtures.failed(true);
        Supplier<Payment> voided = PaymentFixtures::voided;
        Supplier<Payment> refunded = PaymentFixtures::refunded;
        return Stream.of(
                Arguments.of("void an initiated payment", initiated, voidIt),
                Arguments.of("refund an initiated payment", initiated, refund),
                Arguments.of("authorize twice", authorized, authorize),
                Arguments.of("decline an authorization", authorized, decline),
                Arguments.of("fail an authorization", authorized, fail),
                Arguments.of("void a declined payment", declined, voidIt),
                Arguments.of("refund a declined payment", declined, refund),
                Arguments.of("authorize a declined payment", declined, authorize),
                Arguments.of("authorize after a final failure", failedForGood, authorize),
                Arguments.of("void a failed payment", failedRetryable, voidIt),
                Arguments.of("refund a failed payment", failedRetryable, refund),
                Arguments.of("void twice", voided, voidIt),
                Arguments.of("refund after a void", voided, refund),
                Arguments.of("authorize after a void", voided, authorize),
                Arguments.of("void after a refund", refunded, voidIt),
                Arguments.of("refund twice", refunded, refund),
                Arguments.of("authorize after a refund", refunded, authorize));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("illegalTransitions")
    void anIllegalTransitionThrowsAndRecordsNothing(String name, Supplier<Payment> given, Consumer<Payment> when) {
        Payment payment = given.get();
        int version = payment.version();
        PaymentStatus status = payment.status();

        assertThatThrownBy(() -> when.accept(payment)).isInstanceOf(IllegalPaymentTransition.class);

        assertThat(payment.version()).isEqualTo(version);
        assertThat(payment.status()).isEqualTo(status);
        assertThat(payment.pending()).hasSize(version);
    }

    static Stream<Arguments> everyState() {
        return Stream.of(
                Arguments.of("initiated", PaymentFixtures.initiated()),
                Arguments.of("authorized", PaymentFixtures.authorized()),
                Arguments.of("declined", PaymentFixtures.declined()),
                Arguments.of("failed", PaymentFixtures.failed(true)),
                Arguments.of("voided", PaymentFixtures.voided()),
                Arguments.of("refunded", PaymentFixtures.refunded()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyState")
    void replayingTheEventsRebuildsTheSameState(String state, Payment original) {
        Payment replayed = Payment.replay(original.id(), original.pending());

        assertThat(replayed)
                .usingRecursiveComparison()
                .ignoringFields("pending", "storedVersion")
                .isEqualTo(original);
        assertThat(replayed.pending()).isEmpty();
        assertThat(replayed.storedVersion()).isEqualTo(original.version());
    }

    @Test
    void newEventsOnAReplayedPaymentFollowItsStoredVersion() {
        Payment replayed = Payment.replay(
                PaymentId.forOrder("4711"), PaymentFixtures.authorized().pending());

        replayed.voided("STOCK_RELEASED", "prov-v", LATER);

        assertThat(replayed.storedVersion()).isEqualTo(2);
        assertThat(replayed.pending())
                .singleElement()
                .extracting(RecordedEvent::version)
                .isEqualTo(3);
    }

    @Test
    void aStreamWithAGapOrNotStartingWithTheInitiationIsRefused() {
        List<RecordedEvent> events = PaymentFixtures.voided().pending();
        PaymentId id = PaymentId.forOrder("4711");

        assertThatThrownBy(() -> Payment.replay(id, List.of(events.get(0), events.get(2))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() ->
                        Payment.replay(id, List.of(new RecordedEvent(id, 1, T0, new PaymentAuthorized("prov-1")))))
                .isInstanceOf(IllegalPaymentTransition.class);
        assertThatThrownBy(() -> Payment.replay(id, List.of())).isInstanceOf(IllegalArgumentException.class);
    }
}
