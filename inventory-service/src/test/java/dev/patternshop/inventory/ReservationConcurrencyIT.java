package dev.patternshop.inventory;

import static dev.patternshop.inventory.InventoryFixtures.command;
import static dev.patternshop.inventory.InventoryFixtures.newOrderId;
import static dev.patternshop.inventory.InventoryFixtures.reserve;
import static org.assertj.core.api.Assertions.assertThat;

import dev.patternshop.events.inventory.v1.ReserveStock;
import dev.patternshop.events.inventory.v1.StockChanged;
import dev.patternshop.events.inventory.v1.StockReservationRejected;
import dev.patternshop.events.inventory.v1.StockReserved;
import dev.patternshop.inventory.InventoryFixtures.OutboxRow;
import dev.patternshop.inventory.reservation.ReservationCommands;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Stock is never oversold, whatever the interleaving: commands released at once by a latch, each in its own
 * transaction, on real Postgres. Nothing here depends on speed: every thread runs to its end, and the assertions
 * count outcomes.
 */
@InventoryIntegrationTest
class ReservationConcurrencyIT {

    @Autowired
    ReservationCommands commands;

    @Autowired
    JdbcClient database;

    InventoryFixtures fixtures;

    @BeforeEach
    void fixtures() {
        fixtures = new InventoryFixtures(database);
    }

    @Test
    void fiftyConcurrentReservationsOfSevenUnitsSucceedExactlySevenTimesAndTheRestAreOutOfStock() throws Exception {
        long product = fixtures.newProduct(7);
        long outboxBefore = fixtures.lastOutboxId();
        List<String> orders = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            orders.add(newOrderId());
        }

        List<Record> replies = all(orders.stream()
                .<Callable<Record>>map(
                        order -> () -> commands.reserve(reserve(order, product, 1), command(ReserveStock.TYPE, order)))
                .toList());

        assertThat(replies).filteredOn(StockReserved.class::isInstance).hasSize(7);
        assertThat(replies)
                .filteredOn(StockReservationRejected.class::isInstance)
                .hasSize(43)
                .allSatisfy(reply -> {
                    StockReservationRejected rejected = (StockReservationRejected) reply;
                    assertThat(rejected.reason()).isEqualTo(StockReservationRejected.OUT_OF_STOCK);
                    assertThat(rejected.productIds()).containsExactly(product);
                });
        assertThat(fixtures.available(product)).isZero();
        assertThat(fixtures.reserved(product)).isEqualTo(7);
        assertThat(fixtures.version(product)).isEqualTo(7);
        // Every intermediate state the outbox announced was a legal one: never negative, never more than 7 units.
        List<OutboxRow> changes = fixtures.outbox(outboxBefore, product);
        assertThat(changes).hasSize(7).allSatisfy(row -> {
            assertThat(row.type()).isEqualTo(StockChanged.TYPE);
            assertThat(row.payload().get("available").asInt()).isBetween(0, 6);
            assertThat(row.payload().get("available").asInt()
                            + row.payload().get("reserved").asInt())
                    .isEqualTo(7);
        });
        assertThat(changes)
                .extracting(row -> row.payload().get("version").asLong())
                .containsExactlyInAnyOrder(1L, 2L, 3L, 4L, 5L, 6L, 7L);
        long replyRows = orders.stream()
                .mapToLong(order -> fixtures.outbox(outboxBefore, order).size())
                .sum();
        assertThat(replyRows).as("one reply per order").isEqualTo(50);
    }

    @Test
    void theSameReserveHandledTwiceAtOnceReservesOnce() throws Exception {
        long product = fixtures.newProduct(10);
        String order = newOrderId();

        // Two instances, two message ids (the saga's supervisor re-sent it), one order.
        List<Record> replies = all(List.of(
                () -> commands.reserve(reserve(order, product, 3), command(ReserveStock.TYPE, order)),
                () -> commands.reserve(reserve(order, product, 3), command(ReserveStock.TYPE, order))));

        assertThat(replies).hasSize(2).allSatisfy(reply -> assertThat(reply).isInstanceOf(StockReserved.class));
        assertThat(replies.get(0)).isEqualTo(replies.get(1));
        assertThat(fixtures.available(product)).isEqualTo(7);
        assertThat(fixtures.reserved(product)).isEqualTo(3);
    }

    @Test
    void reservesNamingTheSameProductsInOppositeOrdersNeverDeadlock() throws Exception {
        long first = fixtures.newProduct(1000);
        long second = fixtures.newProduct(1000);
        List<Callable<Record>> reserves = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String order = newOrderId();
            List<ReserveStock.Line> lines = i % 2 == 0
                    ? List.of(new ReserveStock.Line(first, 1), new ReserveStock.Line(second, 1))
                    : List.of(new ReserveStock.Line(second, 1), new ReserveStock.Line(first, 1));
            reserves.add(() -> commands.reserve(new ReserveStock(order, lines), command(ReserveStock.TYPE, order)));
        }

        // A deadlock would surface here as an exception of one of the reserves.
        List<Record> replies = all(reserves);

        assertThat(replies).hasSize(20).allSatisfy(reply -> assertThat(reply).isInstanceOf(StockReserved.class));
        assertThat(fixtures.available(first)).isEqualTo(980);
        assertThat(fixtures.available(second)).isEqualTo(980);
    }

    /** Runs every task on its own thread, all released at once; answers their results, failing on any exception. */
    private static <T> List<T> all(List<Callable<T>> tasks) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        try (ExecutorService threads = Executors.newFixedThreadPool(tasks.size())) {
            List<Future<T>> futures = new ArrayList<>();
            for (Callable<T> task : tasks) {
                futures.add(threads.submit(() -> {
                    start.await();
                    return task.call();
                }));
            }
            start.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get());
            }
            return results;
        }
    }
}
