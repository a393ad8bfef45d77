package dev.patternshop.payment;

import static dev.patternshop.payment.SagaFixtures.authorize;
import static dev.patternshop.payment.SagaFixtures.command;
import static dev.patternshop.payment.SagaFixtures.key;
import static dev.patternshop.payment.SagaFixtures.newOrderId;
import static org.assertj.core.api.Assertions.assertThat;

import dev.patternshop.events.payment.v1.AuthorizePayment;
import dev.patternshop.events.payment.v1.PaymentFailed;
import dev.patternshop.events.payment.v1.VoidPayment;
import dev.patternshop.payment.domain.ConcurrentAppend;
import dev.patternshop.payment.domain.Payment;
import dev.patternshop.payment.domain.PaymentEvent;
import dev.patternshop.payment.domain.PaymentId;
import dev.patternshop.payment.domain.PaymentProvider.ProviderAnswer;
import dev.patternshop.payment.domain.PaymentStatus;
import dev.patternshop.payment.domain.PaymentView;
import dev.patternshop.payment.domain.RecordedEvent;
import dev.patternshop.payment.payments.PaymentCommands;
import dev.patternshop.payment.persistence.PaymentEventStore;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The event store on real Postgres: a stream replayed is the state the read model holds, and of two writers appending
 * the same version to one stream exactly one wins; the other gets {@link ConcurrentAppend} and none of its events nor
 * its read-model change is stored.
 */
@PaymentIntegrationTest
class PaymentEventStoreIT {

    @Autowired
    PaymentCommands commands;

    @Autowired
    PaymentEventStore store;

    @Autowired
    ScriptedPaymentProvider provider;

    @Autowired
    TransactionTemplate transactions;

    @Test
    void replayingAPaymentsStreamRebuildsTheStateItsReadModelHolds() {
        String order = newOrderId();
        PaymentId id = PaymentId.forOrder(order);
        provider.script(key(order, "authorize"), new ProviderAnswer.Unavailable(PaymentFailed.PROVIDER_BUSY, true));
        commands.authorize(authorize(order, "customer-r", 4200), command(AuthorizePayment.TYPE, order));
        commands.authorize(authorize(order, "customer-r", 4200), command(AuthorizePayment.TYPE, order));
        commands.voidPayment(new VoidPayment(order, "STOCK_RELEASED"), command(VoidPayment.TYPE, order));

        List<RecordedEvent> stream = store.stream(id);
        Payment replayed = Payment.replay(id, stream);
        PaymentView readModel = store.findByOrder(order).orElseThrow();

        assertThat(stream)
                .extracting(e -> e.event().type())
                .containsExactly(
                        PaymentEvent.PaymentInitiated.TYPE,
                        PaymentEvent.PaymentFailed.TYPE,
                        PaymentEvent.PaymentAuthorized.TYPE,
                        PaymentEvent.PaymentVoided.TYPE);
        assertThat(stream).extracting(RecordedEvent::version).containsExactly(1, 2, 3, 4);
        assertThat(readModel)
                .isEqualTo(new PaymentView(
                        replayed.id(),
                        replayed.orderId(),
                        replayed.customerId(),
                        replayed.status(),
                        replayed.amountMinor(),
                        replayed.currency(),
                        replayed.providerReference(),
                        replayed.reason(),
                        replayed.version(),
                        replayed.updatedAt()));
        assertThat(readModel.status()).isEqualTo(PaymentStatus.VOIDED);
        assertThat(readModel.version()).isEqualTo(4);
    }

    @Test
    void ofTwoConcurrentAppendsOfTheSameVersionExactlyOneWinsAndTheLoserLeavesNothingBehind() throws Exception {
        String order = newOrderId();
        PaymentId id = PaymentId.forOrder(order);
        Instant at = Instant.now().truncatedTo(ChronoUnit.MICROS);
        transactions.executeWithoutResult(tx -> store.save(Payment.initiate(order, "customer-c", 1500, "EUR", at)));
        // One writer records a decline (version 2); the other a failure and an authorization (versions 2 and 3).
        List<Consumer<Payment>> writers =
                List.of(payment -> payment.declined("CARD_DECLINED", at.plusSeconds(1)), payment -> {
                    payment.failed("PROVIDER_BUSY", true, at.plusSeconds(1));
                    payment.authorized("prov-race", at.plusSeconds(2));
                });
        CountDownLatch bothRead = new CountDownLatch(writers.size());
        ExecutorService threads = Executors.newFixedThreadPool(writers.size());
        List<Future<Payment>> results = new ArrayList<>();
        try {
            for (Consumer<Payment> writer : writers) {
                results.add(threads.submit(() -> transactions.execute(tx -> {
                    Payment payment = store.load(id).orElseThrow();
                    bothRead.countDown();
                    await(bothRead);
                    writer.accept(payment);
                    store.save(payment);
                    return payment;
                })));
            }
            List<Payment> won = new ArrayList<>();
            List<Throwable> lost = new ArrayList<>();
            for (Future<Payment> result : results) {
                try {
                    won.add(result.get(60, TimeUnit.SECONDS));
                } catch (java.util.concurrent.ExecutionException e) {
                    lost.add(e.getCause());
                }
            }

            assertThat(won).hasSize(1);
            assertThat(lost).singleElement().isInstanceOf(ConcurrentAppend.class);
            Payment winner = won.getFirst();
            List<RecordedEvent> stream = store.stream(id);
            assertThat(stream).hasSize(winner.version());
            assertThat(Payment.replay(id, stream).status()).isEqualTo(winner.status());
            PaymentView readModel = store.findByOrder(order).orElseThrow();
            assertThat(readModel.status()).isEqualTo(winner.status());
            assertThat(readModel.version()).isEqualTo(winner.version());
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void theSameAuthorizeHandledTwiceAtOnceCallsTheProviderOnceAndTheLoserRetriedAnswersAlike() throws Exception {
        String order = newOrderId();
        PaymentId id = PaymentId.forOrder(order);
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(2);
        List<Future<Record>> results = new ArrayList<>();
        try {
            // Two instances, two message ids (the saga re-sent it), one order.
            for (int i = 0; i < 2; i++) {
                results.add(threads.submit(() -> {
                    await(start);
                    return commands.authorize(
                            authorize(order, "customer-t", 2500), command(AuthorizePayment.TYPE, order));
                }));
            }
            start.countDown();
            List<Record> replies = new ArrayList<>();
            for (Future<Record> result : results) {
                try {
                    replies.add(result.get(60, TimeUnit.SECONDS));
                } catch (java.util.concurrent.ExecutionException e) {
                    // The loser of the race: the inbox would retry it. So does the test.
                    assertThat(e.getCause()).isInstanceOf(ConcurrentAppend.class);
                    replies.add(commands.authorize(
                            authorize(order, "customer-t", 2500), command(AuthorizePayment.TYPE, order)));
                }
            }

            assertThat(replies)
                    .hasSize(2)
                    .allSatisfy(reply ->
                            assertThat(reply).isInstanceOf(dev.patternshop.events.payment.v1.PaymentAuthorized.class));
            assertThat(replies.get(0)).isEqualTo(replies.get(1));
            assertThat(provider.calls(id)).hasSize(1);
            assertThat(store.stream(id)).hasSize(2);
        } finally {
            threads.shutdownNow();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the other writer never read the stream");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
