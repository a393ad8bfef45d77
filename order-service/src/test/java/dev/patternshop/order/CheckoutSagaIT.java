package dev.patternshop.order;

import static dev.patternshop.order.OrderApi.items;
import static dev.patternshop.order.OrderApi.json;
import static dev.patternshop.order.OrderApi.key;
import static dev.patternshop.order.OrderApi.newCustomer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.patternshop.events.Envelope;
import dev.patternshop.events.MessageHeaders;
import dev.patternshop.events.Topics;
import dev.patternshop.events.inventory.v1.CommitReservation;
import dev.patternshop.events.inventory.v1.InventoryCommandRejected;
import dev.patternshop.events.inventory.v1.ReleaseReservation;
import dev.patternshop.events.inventory.v1.ReservationCommitted;
import dev.patternshop.events.inventory.v1.ReservationReleased;
import dev.patternshop.events.inventory.v1.ReserveStock;
import dev.patternshop.events.inventory.v1.StockReservationRejected;
import dev.patternshop.events.inventory.v1.StockReserved;
import dev.patternshop.events.payment.v1.AuthorizePayment;
import dev.patternshop.events.payment.v1.PaymentAuthorized;
import dev.patternshop.events.payment.v1.PaymentCommandRejected;
import dev.patternshop.events.payment.v1.PaymentDeclined;
import dev.patternshop.events.payment.v1.VoidPayment;
import dev.patternshop.order.domain.OrderId;
import dev.patternshop.order.saga.SagaOrchestrator;
import dev.patternshop.order.saga.SagaSupervisor;
import dev.patternshop.testsupport.kafka.TopicReader;
import dev.patternshop.testsupport.kafka.TopicWriter;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The checkout saga on real Postgres shards and Kafka, with this test playing inventory and payment: it reads the
 * saga's commands from their topics and answers on the participants' event topics, as they would. Everything goes
 * through the service's real inbox, outbox and relays.
 */
class CheckoutSagaIT extends OrderServiceIntegrationTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration WAIT = Duration.ofSeconds(60);

    @Value("${spring.kafka.bootstrap-servers}")
    String bootstrapServers;

    @Value("${orders.saga.step-timeout}")
    Duration stepTimeout;

    @Value("${orders.saga.order-deadline}")
    Duration orderDeadline;

    @Autowired
    SagaOrchestrator orchestrator;

    @Autowired
    SagaSupervisor supervisor;

    @Autowired
    SagaTestClock clock;

    TopicReader topics;
    TopicWriter writer;

    @BeforeEach
    void kafka() {
        topics = new TopicReader(bootstrapServers);
        writer = new TopicWriter(bootstrapServers);
    }

    @AfterEach
    void close() {
        writer.close();
        clock.reset();
    }

    @Test
    void happyPathReservesAuthorizesCommitsAndConfirms() {
        String customer = newCustomer();
        String orderId = place(customer, items(3, 2));
        HttpResponse<String> pending = api().getAsCustomer(customer, "/orders/" + orderId);
        assertThat(pending.headers().firstValue("Retry-After"))
                .as("poll hint while pending")
                .contains("1");

        ConsumerRecord<String, String> reserve = command(Topics.INVENTORY_COMMANDS, ReserveStock.TYPE, orderId);
        ReserveStock reserveStock = JSON.readValue(reserve.value(), ReserveStock.class);
        assertThat(reserveStock.lines()).containsExactly(new ReserveStock.Line(3, 2));
        reply(
                Topics.INVENTORY_EVENTS,
                StockReserved.TYPE,
                reserve,
                new StockReserved(orderId, reserveStock.lines(), null));

        ConsumerRecord<String, String> authorize = command(Topics.PAYMENT_COMMANDS, AuthorizePayment.TYPE, orderId);
        AuthorizePayment authorization = JSON.readValue(authorize.value(), AuthorizePayment.class);
        assertThat(authorization.customerId()).isEqualTo(customer);
        assertThat(authorization.amountMinor()).isEqualTo(totalMinor(customer, orderId));
        assertThat(TopicReader.header(authorize, MessageHeaders.CAUSATION_ID))
                .as("caused by the reply that decided it")
                .isNotNull();
        reply(
                Topics.PAYMENT_EVENTS,
                PaymentAuthorized.TYPE,
                authorize,
                new PaymentAuthorized(orderId, "pay-1", authorization.amountMinor(), "EUR", "ref-1"));

        ConsumerRecord<String, String> commit = command(Topics.INVENTORY_COMMANDS, CommitReservation.TYPE, orderId);
        reply(Topics.INVENTORY_EVENTS, ReservationCommitted.TYPE, commit, new ReservationCommitted(orderId));

        JsonNode confirmed = awaitStatus(customer, orderId, "CONFIRMED");
        assertThat(steps(confirmed))
                .containsSubsequence(
                        "reserve-stock requested",
                        "reserve-stock done",
                        "authorize-payment requested",
                        "authorize-payment done",
                        "commit-stock requested",
                        "commit-stock done",
                        "confirm done");
        assertThat(api().getAsCustomer(customer, "/orders/" + orderId).headers().firstValue("Retry-After"))
                .as("no poll hint once final")
                .isEmpty();
        assertThat(orderEventTypes(orderId, 4))
                .containsExactly("OrderPlaced.v1", "StockRequested.v1", "PaymentRequested.v1", "OrderConfirmed.v1");
        assertThat(sagaState(orderId)).isEqualTo("CONFIRMED");
    }

    @Test
    void outOfStockCancelsWithTheReasonAndReleasesInCaseARepeatWasApplied() {
        String customer = newCustomer();
        String orderId = place(customer, items(5, 1));
        ConsumerRecord<String, String> reserve = command(Topics.INVENTORY_COMMANDS, ReserveStock.TYPE, orderId);

        reply(
                Topics.INVENTORY_EVENTS,
                StockReservationRejected.TYPE,
                reserve,
                new StockReservationRejected(orderId, StockReservationRejected.OUT_OF_STOCK, List.of(5L)));

        JsonNode cancelled = awaitStatus(customer, orderId, "CANCELLED");
        assertThat(cancelled.get("reason").asString()).isEqualTo("OUT_OF_STOCK");
        ConsumerRecord<String, String> release = command(Topics.INVENTORY_COMMANDS, ReleaseReservation.TYPE, orderId);
        assertThat(commands(Topics.PAYMENT_COMMANDS, orderId))
                .as("nothing asked of payment")
                .isEmpty();

        reply(
                Topics.INVENTORY_EVENTS,
                InventoryCommandRejected.TYPE,
                release,
                new InventoryCommandRejected(orderId, ReleaseReservation.TYPE, "RESERVATION_REJECTED"));
        await().atMost(WAIT).until(() -> "CANCELLED".equals(sagaState(orderId)));
    }

    @Test
    void aDeclinedPaymentReleasesTheStockAndEndsWhenBothCompensationsAreAcknowledged() {
        String customer = newCustomer();
        String orderId = place(customer, items(7, 1));
        reserve(orderId);
        ConsumerRecord<String, String> authorize = command(Topics.PAYMENT_COMMANDS, AuthorizePayment.TYPE, orderId);

        reply(
                Topics.PAYMENT_EVENTS,
                PaymentDeclined.TYPE,
                authorize,
                new PaymentDeclined(orderId, "pay-1", PaymentDeclined.INSUFFICIENT_FUNDS));

        JsonNode cancelled = awaitStatus(customer, orderId, "CANCELLED");
        assertThat(cancelled.get("reason").asString()).isEqualTo("PAYMENT_DECLINED");
        ConsumerRecord<String, String> release = command(Topics.INVENTORY_COMMANDS, ReleaseReservation.TYPE, orderId);
        ConsumerRecord<String, String> voiding = command(Topics.PAYMENT_COMMANDS, VoidPayment.TYPE, orderId);
        awaitHandled(
                orderId,
                reply(
                        Topics.PAYMENT_EVENTS,
                        PaymentCommandRejected.TYPE,
                        voiding,
                        new PaymentCommandRejected(
                                orderId, VoidPayment.TYPE, PaymentCommandRejected.ILLEGAL_TRANSITION)));
        assertThat(sagaState(orderId)).as("the release is still unacknowledged").isEqualTo("COMPENSATING");

        reply(
                Topics.INVENTORY_EVENTS,
                ReservationReleased.TYPE,
                release,
                new ReservationReleased(orderId, "PAYMENT_DECLINED"));
        await().atMost(WAIT).until(() -> "CANCELLED".equals(sagaState(orderId)));
    }

    @Test
    void theSameReplyDeliveredTwiceAndARepeatWithANewIdAreAppliedOnce() {
        String customer = newCustomer();
        String orderId = place(customer, items(9, 1));
        ConsumerRecord<String, String> reserve = command(Topics.INVENTORY_COMMANDS, ReserveStock.TYPE, orderId);
        StockReserved reserved = new StockReserved(orderId, List.of(new ReserveStock.Line(9, 1)), null);
        Envelope envelope = envelope(reserve).next(StockReserved.TYPE, Instant.now());

        writer.send(Topics.INVENTORY_EVENTS, orderId, envelope.headers(), JSON.writeValueAsString(reserved));
        writer.send(Topics.INVENTORY_EVENTS, orderId, envelope.headers(), JSON.writeValueAsString(reserved));
        reply(Topics.INVENTORY_EVENTS, StockReserved.TYPE, reserve, reserved); // the same reply with a new message id

        awaitStatus(customer, orderId, "AWAITING_PAYMENT");
        awaitHandled(orderId, reply(Topics.INVENTORY_EVENTS, StockReserved.TYPE, reserve, reserved));
        assertThat(stepCount(orderId, "reserve-stock", "done")).isEqualTo(1);
        assertThat(stepCount(orderId, "authorize-payment", "requested")).isEqualTo(1);
        List<ConsumerRecord<String, String>> authorizations =
                topics.read(Topics.PAYMENT_COMMANDS, record -> orderId.equals(record.key()), 2, Duration.ofSeconds(5));
        assertThat(authorizations)
                .as("one AuthorizePayment for four deliveries")
                .hasSize(1);
    }

    @Test
    void twoThreadsApplyingTheSameReplyAtOnceApplyItOnce() throws Exception {
        String customer = newCustomer();
        String orderId = place(customer, items(11, 1));
        ConsumerRecord<String, String> reserve = command(Topics.INVENTORY_COMMANDS, ReserveStock.TYPE, orderId);
        var cluster = clusters.forOrder(new OrderId(Long.parseLong(orderId)));
        CountDownLatch start = new CountDownLatch(1);
        Callable<Boolean> handle = () -> {
            start.await();
            Envelope reply = envelope(reserve).next(StockReserved.TYPE, Instant.now());
            return cluster.inTransaction(
                    tx -> orchestrator.onReply(orderId, reply, (saga, order, now) -> saga.stockReserved(order, now)));
        };

        List<Boolean> applied;
        try (ExecutorService threads = Executors.newFixedThreadPool(2)) {
            Future<Boolean> first = threads.submit(handle);
            Future<Boolean> second = threads.submit(handle);
            start.countDown();
            applied = List.of(first.get(), second.get());
        }

        assertThat(applied).containsExactlyInAnyOrder(true, false);
        assertThat(stepCount(orderId, "authorize-payment", "requested")).isEqualTo(1);
        assertThat(topics.read(
                        Topics.PAYMENT_COMMANDS, record -> orderId.equals(record.key()), 2, Duration.ofSeconds(5)))
                .hasSize(1);
    }

    @Test
    void anUnansweredStepIsSentAgainWithANewMessageIdThenTheOrderIsCancelled() {
        String customer = newCustomer();
        String orderId = place(customer, items(13, 1));
        command(Topics.INVENTORY_COMMANDS, ReserveStock.TYPE, orderId);
        supervisor.superviseOnce();
        assertThat(stepCount(orderId, "reserve-stock", "resent"))
                .as("not due before its step's timeout")
                .isZero();

        clock.advance(stepTimeout);
        supervisor.superviseOnce();
        clock.advance(stepTimeout.multipliedBy(2)); // each re-send waits twice as long as the send before it
        supervisor.superviseOnce();

        List<ConsumerRecord<String, String>> reserves = topics.read(
                Topics.INVENTORY_COMMANDS,
                record -> orderId.equals(record.key()) && ReserveStock.TYPE.equals(type(record)),
                3,
                WAIT);
        assertThat(reserves).hasSize(3);
        assertThat(reserves.stream()
                        .map(record -> TopicReader.header(record, MessageHeaders.MESSAGE_ID))
                        .collect(Collectors.toSet()))
                .as("every re-send is a new message")
                .hasSize(3);
        assertThat(reserves)
                .allSatisfy(record ->
                        assertThat(record.value()).isEqualTo(reserves.getFirst().value()));
        assertThat(awaitStatus(customer, orderId, "AWAITING_STOCK")
                        .get("status")
                        .asString())
                .isEqualTo("AWAITING_STOCK");

        clock.advance(stepTimeout.multipliedBy(4));
        supervisor.superviseOnce();

        JsonNode cancelled = awaitStatus(customer, orderId, "CANCELLED");
        assertThat(cancelled.get("reason").asString()).isEqualTo("INVENTORY_NOT_ANSWERING");
        assertThat(steps(cancelled))
                .containsSubsequence(
                        "reserve-stock requested",
                        "reserve-stock resent",
                        "reserve-stock resent",
                        "reserve-stock failed",
                        "cancel done",
                        "release-stock requested");
        command(Topics.INVENTORY_COMMANDS, ReleaseReservation.TYPE, orderId);
    }

    @Test
    void pastItsDeadlineAnOrderWaitingForItsPaymentIsCancelledAndCompensated() {
        String customer = newCustomer();
        String orderId = place(customer, items(19, 1));
        reserve(orderId);
        command(Topics.PAYMENT_COMMANDS, AuthorizePayment.TYPE, orderId);
        awaitStatus(customer, orderId, "AWAITING_PAYMENT");

        clock.advance(orderDeadline);
        supervisor.superviseOnce();

        JsonNode cancelled = awaitStatus(customer, orderId, "CANCELLED");
        assertThat(cancelled.get("reason").asString()).isEqualTo("DEADLINE_PASSED");
        command(Topics.INVENTORY_COMMANDS, ReleaseReservation.TYPE, orderId);
        command(Topics.PAYMENT_COMMANDS, VoidPayment.TYPE, orderId);
    }

    @Test
    void aCustomerCancelsBeforeThePivotOnlyAndRepliesAfterwardsChangeNothing() {
        String customer = newCustomer();
        String orderId = place(customer, items(15, 1));
        ConsumerRecord<String, String> reserve = command(Topics.INVENTORY_COMMANDS, ReserveStock.TYPE, orderId);

        assertThat(api().cancel(newCustomer(), orderId).statusCode())
                .as("not someone else's")
                .isEqualTo(404);
        HttpResponse<String> cancelled = api().cancel(customer, orderId);

        assertThat(cancelled.statusCode()).isEqualTo(200);
        assertThat(json(cancelled).get("status").asString()).isEqualTo("CANCELLED");
        assertThat(json(cancelled).get("reason").asString()).isEqualTo("CANCELLED_BY_CUSTOMER");
        HttpResponse<String> again = api().cancel(customer, orderId);
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(again.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        // The problem's "status" is its HTTP status; the order's is "orderStatus" (once it overwrote "status").
        assertThat(json(again).get("status").asInt()).isEqualTo(409);
        assertThat(json(again).get("orderStatus").asString()).isEqualTo("CANCELLED");
        command(Topics.INVENTORY_COMMANDS, ReleaseReservation.TYPE, orderId);

        awaitHandled(
                orderId,
                reply(
                        Topics.INVENTORY_EVENTS,
                        StockReserved.TYPE,
                        reserve,
                        new StockReserved(orderId, List.of(new ReserveStock.Line(15, 1)), null)));

        assertThat(sagaState(orderId)).isEqualTo("COMPENSATING");
        assertThat(commands(Topics.PAYMENT_COMMANDS, orderId))
                .as("a late reply starts nothing")
                .isEmpty();
        assertThat(json(api().getAsCustomer(customer, "/orders/" + orderId))
                        .get("status")
                        .asString())
                .isEqualTo("CANCELLED");
    }

    @Test
    void anOrderBeingConfirmedCannotBeCancelled() {
        String customer = newCustomer();
        String orderId = place(customer, items(17, 1));
        reserve(orderId);
        ConsumerRecord<String, String> authorize = command(Topics.PAYMENT_COMMANDS, AuthorizePayment.TYPE, orderId);
        reply(
                Topics.PAYMENT_EVENTS,
                PaymentAuthorized.TYPE,
                authorize,
                new PaymentAuthorized(orderId, "pay-1", 1, "EUR", "ref-1"));
        ConsumerRecord<String, String> commit = command(Topics.INVENTORY_COMMANDS, CommitReservation.TYPE, orderId);

        HttpResponse<String> refused = api().cancel(customer, orderId);

        assertThat(refused.statusCode()).isEqualTo(409);
        assertThat(refused.body()).contains("being confirmed");
        reply(Topics.INVENTORY_EVENTS, ReservationCommitted.TYPE, commit, new ReservationCommitted(orderId));
        awaitStatus(customer, orderId, "CONFIRMED");
    }

    // ---- playing the participants

    private String place(String customer, String body) {
        HttpResponse<String> placed = api().place(customer, key(), body);
        assertThat(placed.statusCode()).as(placed.body()).isEqualTo(202);
        assertThat(json(placed).get("status").asString()).isEqualTo("AWAITING_STOCK");
        return json(placed).get("id").asString();
    }

    private void reserve(String orderId) {
        ConsumerRecord<String, String> reserve = command(Topics.INVENTORY_COMMANDS, ReserveStock.TYPE, orderId);
        ReserveStock lines = JSON.readValue(reserve.value(), ReserveStock.class);
        reply(Topics.INVENTORY_EVENTS, StockReserved.TYPE, reserve, new StockReserved(orderId, lines.lines(), null));
    }

    /** The first command of this type for the order (what a participant would handle). */
    private ConsumerRecord<String, String> command(String topic, String type, String orderId) {
        List<ConsumerRecord<String, String>> found =
                topics.read(topic, record -> orderId.equals(record.key()) && type.equals(type(record)), 1, WAIT);
        assertThat(found).as(type + " for order " + orderId).isNotEmpty();
        return found.getFirst();
    }

    private List<String> commands(String topic, String orderId) {
        return topics.read(topic, record -> orderId.equals(record.key()), 1, Duration.ofSeconds(3)).stream()
                .map(CheckoutSagaIT::type)
                .toList();
    }

    /** Answers a command as its participant would: a new message, caused by the command, in its correlation. */
    private Envelope reply(String topic, String type, ConsumerRecord<String, String> command, Record body) {
        Envelope reply = envelope(command).next(type, Instant.now());
        writer.send(topic, command.key(), reply.headers(), JSON.writeValueAsString(body));
        return reply;
    }

    /** Waits until the service's inbox recorded the reply (handled, applied or not), on the order's shard. */
    private void awaitHandled(String orderId, Envelope reply) {
        await().atMost(WAIT)
                .until(() -> clusters.forOrder(new OrderId(Long.parseLong(orderId)))
                                .primaryJdbc()
                                .sql("select count(*) from inbox where message_id = ?")
                                .param(reply.messageId())
                                .query(Long.class)
                                .single()
                        == 1);
    }

    private static Envelope envelope(ConsumerRecord<String, String> record) {
        return Envelope.fromHeaders(name -> TopicReader.header(record, name));
    }

    private static String type(ConsumerRecord<String, String> record) {
        return TopicReader.header(record, MessageHeaders.MESSAGE_TYPE);
    }

    // ---- observing the order

    private JsonNode awaitStatus(String customer, String orderId, String status) {
        return await().atMost(WAIT)
                .pollInterval(Duration.ofMillis(200))
                .until(
                        () -> json(api().getAsCustomer(customer, "/orders/" + orderId)),
                        order -> status.equals(order.get("status").asString()));
    }

    private static List<String> steps(JsonNode order) {
        return order.get("steps")
                .valueStream()
                .map(step ->
                        step.get("step").asString() + " " + step.get("outcome").asString())
                .toList();
    }

    private List<String> orderEventTypes(String orderId, int expected) {
        return topics.read(Topics.ORDER_EVENTS, record -> orderId.equals(record.key()), expected, WAIT).stream()
                .map(CheckoutSagaIT::type)
                .toList();
    }

    private long totalMinor(String customer, String orderId) {
        return Long.parseLong(json(api().getAsCustomer(customer, "/orders/" + orderId))
                .get("total")
                .get("amountMinor")
                .asString());
    }

    private String sagaState(String orderId) {
        return clusters.forOrder(new OrderId(Long.parseLong(orderId)))
                .primaryJdbc()
                .sql("select state from order_saga where order_id = ?")
                .param(Long.parseLong(orderId))
                .query(String.class)
                .single();
    }

    private long stepCount(String orderId, String step, String outcome) {
        return clusters.forOrder(new OrderId(Long.parseLong(orderId)))
                .primaryJdbc()
                .sql("select count(*) from order_saga_step where order_id = ? and step = ? and outcome = ?")
                .param(Long.parseLong(orderId))
                .param(step)
                .param(outcome)
                .query(Long.class)
                .single();
    }
}
