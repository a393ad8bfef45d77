package dev.patternshop.inventory;

import static dev.patternshop.inventory.InventoryFixtures.command;
import static dev.patternshop.inventory.InventoryFixtures.newOrderId;
import static dev.patternshop.inventory.InventoryFixtures.reserve;
import static org.assertj.core.api.Assertions.assertThat;

import dev.patternshop.events.Envelope;
import dev.patternshop.events.MessageHeaders;
import dev.patternshop.events.Topics;
import dev.patternshop.events.inventory.v1.CommitReservation;
import dev.patternshop.events.inventory.v1.InventoryCommandRejected;
import dev.patternshop.events.inventory.v1.ReleaseReservation;
import dev.patternshop.events.inventory.v1.ReservationCommitted;
import dev.patternshop.events.inventory.v1.ReservationReleased;
import dev.patternshop.events.inventory.v1.ReserveStock;
import dev.patternshop.events.inventory.v1.StockChanged;
import dev.patternshop.events.inventory.v1.StockReservationRejected;
import dev.patternshop.events.inventory.v1.StockReserved;
import dev.patternshop.inventory.InventoryFixtures.OutboxRow;
import dev.patternshop.inventory.reservation.ReservationCommands;
import dev.patternshop.inventory.reservation.ReservationExpiry;
import dev.patternshop.inventory.reservation.ReservationSettings;
import dev.patternshop.testsupport.kafka.TopicReader;
import java.time.Instant;
import java.util.List;
import java.util.stream.LongStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * The reservation commands as the Kafka wiring will call them, playing the orchestrator: every legal step settles
 * the stock and appends the right outbox rows; every repeat answers as before and changes nothing; every
 * contradiction or bad command is a rejection reply, and changes nothing.
 */
@InventoryIntegrationTest
class ReservationLifecycleIT {

    @Autowired
    ReservationCommands commands;

    @Autowired
    ReservationExpiry expiry;

    @Autowired
    ReservationSettings settings;

    @Autowired
    JdbcClient database;

    @Autowired
    PlatformTransactionManager transactionManager;

    @Value("${spring.kafka.bootstrap-servers}")
    String bootstrapServers;

    InventoryFixtures fixtures;

    @BeforeEach
    void fixtures() {
        fixtures = new InventoryFixtures(database);
    }

    @Test
    void reserveThenCommitTakesTheUnitsForGoodAndAnnouncesEachStep() {
        long product = fixtures.newProduct(10);
        String order = newOrderId();
        long before = fixtures.lastOutboxId();

        Record reserved = commands.reserve(reserve(order, product, 4), command(ReserveStock.TYPE, order));

        assertThat(reserved).isInstanceOf(StockReserved.class);
        assertThat(((StockReserved) reserved).lines()).containsExactly(new ReserveStock.Line(product, 4));
        assertThat(fixtures.available(product)).isEqualTo(6);
        assertThat(fixtures.reserved(product)).isEqualTo(4);

        Record committed = commands.commit(new CommitReservation(order), command(CommitReservation.TYPE, order));

        assertThat(committed).isEqualTo(new ReservationCommitted(order));
        assertThat(fixtures.available(product)).isEqualTo(6);
        assertThat(fixtures.reserved(product)).isZero();
        assertThat(fixtures.reservationStatus(order)).isEqualTo("COMMITTED");
        assertThat(fixtures.outbox(before, order))
                .extracting(OutboxRow::type)
                .containsExactly(StockReserved.TYPE, ReservationCommitted.TYPE);
        assertThat(fixtures.outbox(before, order))
                .allSatisfy(row -> assertThat(row.topic()).isEqualTo(Topics.INVENTORY_EVENTS));
        List<OutboxRow> changes = fixtures.outbox(before, product);
        assertThat(changes).extracting(OutboxRow::type).containsOnly(StockChanged.TYPE);
        assertThat(changes)
                .extracting(row -> row.payload().get("available").asInt() + "/"
                        + row.payload().get("reserved").asInt())
                .containsExactly("6/4", "6/0");
    }

    @Test
    void aRepeatedCommitAnswersCommittedAgainAndAReleaseAfterTheCommitIsRefused() {
        long product = fixtures.newProduct(10);
        String order = reserved(product, 2);
        commands.commit(new CommitReservation(order), command(CommitReservation.TYPE, order));
        long before = fixtures.lastOutboxId();
        long version = fixtures.version(product);

        Record again = commands.commit(new CommitReservation(order), command(CommitReservation.TYPE, order));
        Record release =
                commands.release(new ReleaseReservation(order, "LATE"), command(ReleaseReservation.TYPE, order));

        assertThat(again).isEqualTo(new ReservationCommitted(order));
        assertThat(release)
                .isEqualTo(new InventoryCommandRejected(
                        order, ReleaseReservation.TYPE, InventoryCommandRejected.RESERVATION_COMMITTED));
        assertThat(fixtures.version(product)).isEqualTo(version);
        assertThat(fixtures.outbox(before, product)).isEmpty();
        assertThat(fixtures.reservationStatus(order)).isEqualTo("COMMITTED");
    }

    @Test
    void releaseReturnsTheUnitsARepeatAnswersReleasedAgainAndACommitOrReserveAfterItIsRefused() {
        long product = fixtures.newProduct(10);
        String order = reserved(product, 3);
        long before = fixtures.lastOutboxId();

        Record released = commands.release(
                new ReleaseReservation(order, "PAYMENT_DECLINED"), command(ReleaseReservation.TYPE, order));
        long version = fixtures.version(product);
        Record again = commands.release(
                new ReleaseReservation(order, "PAYMENT_DECLINED"), command(ReleaseReservation.TYPE, order));
        Record commit = commands.commit(new CommitReservation(order), command(CommitReservation.TYPE, order));
        Record reserveAgain = commands.reserve(reserve(order, product, 3), command(ReserveStock.TYPE, order));

        assertThat(released).isEqualTo(new ReservationReleased(order, "PAYMENT_DECLINED"));
        assertThat(again).isEqualTo(released);
        assertThat(commit)
                .isEqualTo(new InventoryCommandRejected(
                        order, CommitReservation.TYPE, InventoryCommandRejected.RESERVATION_RELEASED));
        assertThat(reserveAgain)
                .isEqualTo(new StockReservationRejected(order, StockReservationRejected.RESERVATION_ENDED, List.of()));
        assertThat(fixtures.available(product)).isEqualTo(10);
        assertThat(fixtures.reserved(product)).isZero();
        assertThat(fixtures.version(product))
                .as("only the first release changed the stock")
                .isEqualTo(version);
        assertThat(fixtures.outbox(before, order))
                .extracting(OutboxRow::type)
                .containsExactly(
                        ReservationReleased.TYPE,
                        ReservationReleased.TYPE,
                        InventoryCommandRejected.TYPE,
                        StockReservationRejected.TYPE);
        assertThat(fixtures.outbox(before, product)).hasSize(1);
    }

    @Test
    void aReserveSentAgainAnswersTheFirstOutcomeWithoutReservingAgain() {
        long product = fixtures.newProduct(10);
        String order = newOrderId();

        Record first = commands.reserve(reserve(order, product, 2), command(ReserveStock.TYPE, order));
        Record second = commands.reserve(reserve(order, product, 2), command(ReserveStock.TYPE, order));

        assertThat(second).isEqualTo(first);
        assertThat(fixtures.available(product)).isEqualTo(8);
        assertThat(fixtures.version(product)).isEqualTo(1);
    }

    @Test
    void aRejectedReserveSentAgainIsRejectedAgainEvenWhenTheStockCameBack() {
        long product = fixtures.newProduct(1);
        String order = newOrderId();

        Record first = commands.reserve(reserve(order, product, 2), command(ReserveStock.TYPE, order));
        database.sql("update stock set available = 5 where product_id = ?")
                .param(product)
                .update();
        Record second = commands.reserve(reserve(order, product, 2), command(ReserveStock.TYPE, order));

        assertThat(first)
                .isEqualTo(
                        new StockReservationRejected(order, StockReservationRejected.OUT_OF_STOCK, List.of(product)));
        assertThat(second).isEqualTo(first);
        assertThat(fixtures.available(product)).isEqualTo(5);
        assertThat(fixtures.reservationStatus(order)).isEqualTo("REJECTED");
    }

    @Test
    void aReserveWhoseSecondLineIsShortReservesNothing() {
        long plenty = fixtures.newProduct(5);
        long scarce = fixtures.newProduct(1);
        String order = newOrderId();
        long before = fixtures.lastOutboxId();

        Record reply = commands.reserve(
                new ReserveStock(order, List.of(new ReserveStock.Line(plenty, 2), new ReserveStock.Line(scarce, 3))),
                command(ReserveStock.TYPE, order));

        assertThat(reply)
                .isEqualTo(new StockReservationRejected(order, StockReservationRejected.OUT_OF_STOCK, List.of(scarce)));
        assertThat(fixtures.stock(plenty)).containsEntry("available", 5).containsEntry("reserved", 0);
        assertThat(fixtures.stock(scarce)).containsEntry("available", 1).containsEntry("reserved", 0);
        assertThat(fixtures.version(plenty)).isZero();
        assertThat(fixtures.outbox(before, plenty)).isEmpty();
        assertThat(fixtures.outbox(before, order))
                .extracting(OutboxRow::type)
                .containsExactly(StockReservationRejected.TYPE);
    }

    @Test
    void anUnknownProductIsRejectedNamingIt() {
        long known = fixtures.newProduct(5);
        long unknown = 9_000_000_000L;
        String order = newOrderId();

        Record reply = commands.reserve(
                new ReserveStock(order, List.of(new ReserveStock.Line(known, 1), new ReserveStock.Line(unknown, 1))),
                command(ReserveStock.TYPE, order));

        assertThat(reply)
                .isEqualTo(new StockReservationRejected(
                        order, StockReservationRejected.UNKNOWN_PRODUCT, List.of(unknown)));
        assertThat(fixtures.available(known)).isEqualTo(5);
    }

    @Test
    void badReservesAreRejectedAsInvalidAndStoreNothing() {
        long product = fixtures.newProduct(5);
        long before = fixtures.lastOutboxId();
        List<ReserveStock.Line> tooMany = LongStream.rangeClosed(1, settings.maxLines() + 1)
                .mapToObj(id -> new ReserveStock.Line(id, 1))
                .toList();
        List<List<ReserveStock.Line>> bad = List.of(
                List.of(),
                tooMany,
                List.of(new ReserveStock.Line(product, 0)),
                List.of(new ReserveStock.Line(product, -3)),
                List.of(new ReserveStock.Line(product, settings.maxQuantity() + 1)),
                List.of(new ReserveStock.Line(product, 1), new ReserveStock.Line(product, 1)),
                List.of(new ReserveStock.Line(-product, 1)));

        for (List<ReserveStock.Line> lines : bad) {
            String order = newOrderId();
            Record reply = commands.reserve(new ReserveStock(order, lines), command(ReserveStock.TYPE, order));
            assertThat(reply)
                    .isEqualTo(
                            new StockReservationRejected(order, StockReservationRejected.INVALID_REQUEST, List.of()));
            assertThat(fixtures.reservationStatus(order)).isNull();
        }
        Envelope envelope = command(ReserveStock.TYPE, "correlation-of-a-bad-order-id");
        Record badOrderId = commands.reserve(reserve("bad\u0000id", product, 1), envelope);

        assertThat(badOrderId)
                .as("an unusable order id is not repeated")
                .isEqualTo(new StockReservationRejected(null, StockReservationRejected.INVALID_REQUEST, List.of()));
        assertThat(fixtures.outbox(before, "correlation-of-a-bad-order-id"))
                .as("keyed by the correlation id")
                .hasSize(1);
        assertThat(fixtures.available(product)).isEqualTo(5);
        assertThat(fixtures.version(product)).isZero();
    }

    @Test
    void commitOrReleaseOfAnUnknownReservationOrWithABadReasonIsRefused() {
        String order = newOrderId();
        String reserved = reserved(fixtures.newProduct(5), 1);

        assertThat(commands.commit(new CommitReservation(order), command(CommitReservation.TYPE, order)))
                .isEqualTo(new InventoryCommandRejected(
                        order, CommitReservation.TYPE, InventoryCommandRejected.UNKNOWN_RESERVATION));
        assertThat(commands.release(new ReleaseReservation(order, "X"), command(ReleaseReservation.TYPE, order)))
                .isEqualTo(new InventoryCommandRejected(
                        order, ReleaseReservation.TYPE, InventoryCommandRejected.UNKNOWN_RESERVATION));
        assertThat(commands.release(
                        new ReleaseReservation(reserved, "x".repeat(65)), command(ReleaseReservation.TYPE, reserved)))
                .isEqualTo(new InventoryCommandRejected(
                        reserved, ReleaseReservation.TYPE, InventoryCommandRejected.INVALID_REQUEST));
        assertThat(fixtures.reservationStatus(reserved)).isEqualTo("RESERVED");
    }

    @Test
    void aReservationPastItsTtlIsReleasedByTheExpiryAndSaysSo() {
        long product = fixtures.newProduct(10);
        String order = reserved(product, 4);
        long before = fixtures.lastOutboxId();
        Instant deadline = Instant.now().plus(settings.ttl());

        expiry.releaseExpired(Instant.now());
        assertThat(fixtures.reservationStatus(order)).as("not yet expired").isEqualTo("RESERVED");

        // A clock we control: the job as it would run once the TTL has passed.
        expiry.releaseExpired(deadline.plusSeconds(1));

        assertThat(fixtures.reservationStatus(order)).isEqualTo("RELEASED");
        assertThat(fixtures.available(product)).isEqualTo(10);
        assertThat(fixtures.reserved(product)).isZero();
        List<OutboxRow> replies = fixtures.outbox(before, order);
        assertThat(replies).hasSize(1);
        assertThat(replies.getFirst().type()).isEqualTo(ReservationReleased.TYPE);
        assertThat(replies.getFirst().payload().get("reason").asString()).isEqualTo(ReservationReleased.EXPIRED);
        assertThat(fixtures.outbox(before, product))
                .singleElement()
                .satisfies(row ->
                        assertThat(row.payload().get("available").asInt()).isEqualTo(10));
        assertThat(commands.commit(new CommitReservation(order), command(CommitReservation.TYPE, order)))
                .isEqualTo(new InventoryCommandRejected(
                        order, CommitReservation.TYPE, InventoryCommandRejected.RESERVATION_RELEASED));
        assertThat(commands.release(new ReleaseReservation(order, "X"), command(ReleaseReservation.TYPE, order)))
                .isEqualTo(new ReservationReleased(order, ReservationReleased.EXPIRED));
    }

    @Test
    void aCommandRunsInTheCallersTransactionAndRollsBackWithIt() {
        long product = fixtures.newProduct(5);
        String order = newOrderId();
        long before = fixtures.lastOutboxId();

        new TransactionTemplate(transactionManager).executeWithoutResult(status -> {
            commands.reserve(reserve(order, product, 2), command(ReserveStock.TYPE, order));
            // The inbox's transaction fails after the command ran (say, recording the message id failed).
            status.setRollbackOnly();
        });

        assertThat(fixtures.reservationStatus(order)).isNull();
        assertThat(fixtures.available(product)).isEqualTo(5);
        assertThat(fixtures.outbox(before, order)).isEmpty();
        assertThat(fixtures.outbox(before, product)).isEmpty();
    }

    @Test
    void theRelayPublishesTheReplyKeyedByTheOrderWithItsEnvelope() {
        long product = fixtures.newProduct(5);
        String order = newOrderId();

        commands.reserve(reserve(order, product, 1), command(ReserveStock.TYPE, order));

        List<ConsumerRecord<String, String>> records = new TopicReader(bootstrapServers)
                .read(
                        Topics.INVENTORY_EVENTS,
                        record -> order.equals(record.key()),
                        1,
                        java.time.Duration.ofSeconds(60));
        assertThat(records).singleElement().satisfies(record -> {
            assertThat(TopicReader.header(record, MessageHeaders.MESSAGE_TYPE)).isEqualTo(StockReserved.TYPE);
            assertThat(JsonMapper.builder()
                            .build()
                            .readTree(record.value())
                            .get("orderId")
                            .asString())
                    .isEqualTo(order);
        });
    }

    private String reserved(long product, int quantity) {
        String order = newOrderId();
        assertThat(commands.reserve(reserve(order, product, quantity), command(ReserveStock.TYPE, order)))
                .isInstanceOf(StockReserved.class);
        return order;
    }
}
