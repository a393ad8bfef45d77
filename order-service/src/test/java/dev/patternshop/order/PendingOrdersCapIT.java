package dev.patternshop.order;

import static dev.patternshop.order.OrderApi.items;
import static dev.patternshop.order.OrderApi.json;
import static dev.patternshop.order.OrderApi.key;
import static dev.patternshop.order.OrderApi.newCustomer;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;

/**
 * One customer cannot pile up pending orders: past {@code orders.placement.max-pending-per-customer} POST /orders
 * is a 409 that writes nothing, also when the requests arrive all at once; a retry of an accepted order still replays.
 */
class PendingOrdersCapIT extends OrderServiceIntegrationTest {

    private static final int MORE_THAN_THE_CAP = 10;

    @Value("${orders.placement.max-pending-per-customer:20}")
    int maxPending;

    @Test
    void concurrentPlacementsByOneCustomerStopExactlyAtTheCapAndAcceptedKeysStillReplay() throws Exception {
        String customer = newCustomer();
        int attempts = maxPending + MORE_THAN_THE_CAP;
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Attempt>> sent = new ArrayList<>();
        try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < attempts; i++) {
                String key = key();
                sent.add(clients.submit(() -> {
                    start.await();
                    return new Attempt(key, api().place(customer, key, items(5, 1)));
                }));
            }
            start.countDown();
        }
        List<Attempt> accepted = new ArrayList<>();
        List<Attempt> refused = new ArrayList<>();
        for (Future<Attempt> attempt : sent) {
            Attempt done = attempt.get();
            (done.response().statusCode() == 202 ? accepted : refused).add(done);
        }

        assertThat(accepted).as("accepted").hasSize(maxPending);
        assertThat(refused).as("refused").hasSize(MORE_THAN_THE_CAP).allSatisfy(attempt -> {
            assertThat(attempt.response().statusCode())
                    .as(attempt.response().body())
                    .isEqualTo(409);
            PlaceOrderIT.assertProblem(attempt.response(), "too-many-pending-orders");
            assertThat(json(attempt.response()).get("detail").asString()).contains(Integer.toString(maxPending));
        });
        assertThat(storedOrders(customer)).isEqualTo(maxPending);
        long written = rowsWritten(customer);

        HttpResponse<String> retry = api().place(customer, accepted.getFirst().key(), items(5, 1));
        assertThat(retry.statusCode())
                .as("a retry of an accepted order replays")
                .isEqualTo(202);
        assertThat(retry.headers().firstValue("Idempotent-Replayed")).hasValue("true");
        HttpResponse<String> another = api().place(customer, key(), items(5, 1));
        assertThat(another.statusCode()).isEqualTo(409);
        PlaceOrderIT.assertProblem(another, "too-many-pending-orders");
        assertThat(rowsWritten(customer)).as("a refused order writes nothing").isEqualTo(written);
        assertThat(api().place(newCustomer(), key(), items(5, 1)).statusCode())
                .as("another customer")
                .isEqualTo(202);
    }

    private record Attempt(String key, HttpResponse<String> response) {}
}
