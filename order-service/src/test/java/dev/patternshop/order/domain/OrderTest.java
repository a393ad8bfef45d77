package dev.patternshop.order.domain;

import static dev.patternshop.order.domain.OrderFixtures.CUSTOMER;
import static dev.patternshop.order.domain.OrderFixtures.NOW;
import static dev.patternshop.order.domain.OrderFixtures.ORDER_ID;
import static dev.patternshop.order.domain.OrderFixtures.PLACED_AT;
import static dev.patternshop.order.domain.OrderFixtures.aConfirmedOrder;
import static dev.patternshop.order.domain.OrderFixtures.aPlacedOrder;
import static dev.patternshop.order.domain.OrderFixtures.anOrderAwaitingPayment;
import static dev.patternshop.order.domain.OrderFixtures.anOrderAwaitingStock;
import static dev.patternshop.order.domain.OrderFixtures.restored;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.patternshop.order.domain.OrderEvent.OrderCancelled;
import dev.patternshop.order.domain.OrderEvent.OrderConfirmed;
import dev.patternshop.order.domain.OrderEvent.OrderPlaced;
import dev.patternshop.order.domain.OrderEvent.PaymentRequested;
import dev.patternshop.order.domain.OrderEvent.StockRequested;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The order aggregate: every legal transition records its event, every illegal one is refused and changes nothing. */
class OrderTest {

    @Nested
    class Placing {

        @Test
        void aPlacedOrderIsPendingWithItsPricedLinesAndRaisesOrderPlaced() {
            Order order = aPlacedOrder();

            assertThat(order.status()).isEqualTo(OrderStatus.PENDING);
            assertThat(order.customerId()).isEqualTo(CUSTOMER);
            assertThat(order.lines()).extracting(OrderLine::sku).containsExactly("MUG-1", "POT-1");
            assertThat(order.totalMinor()).isEqualTo(4_000);
            assertThat(order.createdAt()).isEqualTo(PLACED_AT).isEqualTo(order.updatedAt());
            assertThat(order.events())
                    .singleElement()
                    .isEqualTo(new OrderPlaced(ORDER_ID, CUSTOMER, order.lines(), 4_000, "EUR", PLACED_AT));
        }

        @Test
        void aRestoredOrderHasNoEventsOfItsOwn() {
            assertThat(restored(aPlacedOrder()).events()).isEmpty();
        }

        @Test
        void anOrderBelongsOnlyToTheCustomerWhoPlacedIt() {
            assertThat(aPlacedOrder().belongsTo(CUSTOMER)).isTrue();
            assertThat(aPlacedOrder().belongsTo("mallory")).isFalse();
        }
    }

    @Nested
    class LegalTransitions {

        @Test
        void aPendingOrderAwaitsStockAndRecordsStockRequested() {
            Order order = restored(aPlacedOrder());

            order.awaitStock(NOW);

            assertThat(order.status()).isEqualTo(OrderStatus.AWAITING_STOCK);
            assertThat(order.updatedAt()).isEqualTo(NOW);
            assertThat(order.events()).containsExactly(new StockRequested(ORDER_ID, CUSTOMER, NOW));
        }

        @Test
        void anOrderAwaitingStockAwaitsPaymentAndRecordsPaymentRequested() {
            Order order = restored(anOrderAwaitingStock());

            order.awaitPayment(NOW);

            assertThat(order.status()).isEqualTo(OrderStatus.AWAITING_PAYMENT);
            assertThat(order.events()).containsExactly(new PaymentRequested(ORDER_ID, CUSTOMER, NOW));
        }

        @Test
        void anOrderAwaitingPaymentIsConfirmedAndRecordsOrderConfirmed() {
            Order order = restored(anOrderAwaitingPayment());

            order.confirm(NOW);

            assertThat(order.status()).isEqualTo(OrderStatus.CONFIRMED);
            assertThat(order.events()).containsExactly(new OrderConfirmed(ORDER_ID, CUSTOMER, 4_000, "EUR", NOW));
        }

        @Test
        void aPendingOrderIsCancelledWithItsReason() {
            assertCancelledWithReason(aPlacedOrder(), OrderStatus.PENDING);
        }

        @Test
        void anOrderAwaitingStockIsCancelledWithItsReason() {
            assertCancelledWithReason(anOrderAwaitingStock(), OrderStatus.AWAITING_STOCK);
        }

        @Test
        void anOrderAwaitingPaymentIsCancelledWithItsReason() {
            assertCancelledWithReason(anOrderAwaitingPayment(), OrderStatus.AWAITING_PAYMENT);
        }

        @Test
        void theEventsOfAWholeCheckoutAreRecordedInOrder() {
            assertThat(aConfirmedOrder().events())
                    .extracting(Object::getClass)
                    .containsExactly(
                            OrderPlaced.class, StockRequested.class, PaymentRequested.class, OrderConfirmed.class);
        }

        private static void assertCancelledWithReason(Order placed, OrderStatus before) {
            Order order = restored(placed);

            order.cancel("payment declined", NOW);

            assertThat(order.status()).isEqualTo(OrderStatus.CANCELLED);
            assertThat(order.cancelReason()).contains("payment declined");
            assertThat(order.updatedAt()).isEqualTo(NOW);
            assertThat(order.events())
                    .containsExactly(new OrderCancelled(ORDER_ID, CUSTOMER, before, "payment declined", null, NOW));
        }
    }

    @Nested
    class IllegalTransitions {

        /** Every (state, transition) pair the diagram does not draw. */
        static Stream<Arguments> refused() {
            return Stream.of(
                    illegal("a pending order", OrderFixtures::aPlacedOrder, "await payment", o -> o.awaitPayment(NOW)),
                    illegal("a pending order", OrderFixtures::aPlacedOrder, "be confirmed", o -> o.confirm(NOW)),
                    illegal(
                            "an order awaiting stock",
                            OrderFixtures::anOrderAwaitingStock,
                            "await stock",
                            o -> o.awaitStock(NOW)),
                    illegal(
                            "an order awaiting stock",
                            OrderFixtures::anOrderAwaitingStock,
                            "be confirmed",
                            o -> o.confirm(NOW)),
                    illegal(
                            "an order awaiting payment",
                            OrderFixtures::anOrderAwaitingPayment,
                            "await stock",
                            o -> o.awaitStock(NOW)),
                    illegal(
                            "an order awaiting payment",
                            OrderFixtures::anOrderAwaitingPayment,
                            "await payment",
                            o -> o.awaitPayment(NOW)),
                    illegal("a confirmed order", OrderFixtures::aConfirmedOrder, "await stock", o -> o.awaitStock(NOW)),
                    illegal(
                            "a confirmed order",
                            OrderFixtures::aConfirmedOrder,
                            "await payment",
                            o -> o.awaitPayment(NOW)),
                    illegal("a confirmed order", OrderFixtures::aConfirmedOrder, "be confirmed", o -> o.confirm(NOW)),
                    illegal(
                            "a confirmed order",
                            OrderFixtures::aConfirmedOrder,
                            "be cancelled",
                            o -> o.cancel("changed my mind", NOW)),
                    illegal("a cancelled order", OrderFixtures::aCancelledOrder, "await stock", o -> o.awaitStock(NOW)),
                    illegal(
                            "a cancelled order",
                            OrderFixtures::aCancelledOrder,
                            "await payment",
                            o -> o.awaitPayment(NOW)),
                    illegal("a cancelled order", OrderFixtures::aCancelledOrder, "be confirmed", o -> o.confirm(NOW)),
                    illegal(
                            "a cancelled order",
                            OrderFixtures::aCancelledOrder,
                            "be cancelled",
                            o -> o.cancel("again", NOW)));
        }

        @ParameterizedTest(name = "{0} cannot {2}")
        @MethodSource("refused")
        void isRefusedAndChangesNothing(String state, Supplier<Order> given, String transition, Consumer<Order> when) {
            Order order = restored(given.get());
            OrderStatus before = order.status();

            assertThatThrownBy(() -> when.accept(order))
                    .isInstanceOfSatisfying(IllegalOrderTransition.class, refused -> {
                        assertThat(refused.status()).isEqualTo(before);
                        assertThat(refused.transition()).isEqualTo(transition);
                    });
            assertThat(order.status()).isEqualTo(before);
            assertThat(order.updatedAt()).isEqualTo(given.get().updatedAt());
            assertThat(order.events()).isEmpty();
        }

        @Test
        void aCancellationWithoutAReasonIsRefusedAndChangesNothing() {
            Order order = restored(aPlacedOrder());

            assertThatThrownBy(() -> order.cancel(" ", NOW)).isInstanceOf(IllegalArgumentException.class);
            assertThat(order.status()).isEqualTo(OrderStatus.PENDING);
            assertThat(order.events()).isEmpty();
        }

        private static Arguments illegal(String state, Supplier<Order> given, String transition, Consumer<Order> when) {
            return Arguments.of(state, given, transition, when);
        }
    }
}
