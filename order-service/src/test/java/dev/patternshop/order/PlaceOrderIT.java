package dev.patternshop.order;

import static dev.patternshop.order.OrderApi.items;
import static dev.patternshop.order.OrderApi.json;
import static dev.patternshop.order.OrderApi.key;
import static dev.patternshop.order.OrderApi.newCustomer;
import static org.assertj.core.api.Assertions.assertThat;

import dev.patternshop.order.domain.OrderId;
import dev.patternshop.order.persistence.IdempotencyKeys;
import dev.patternshop.order.sharding.ShardCluster;
import dev.patternshop.testsupport.web.TestHttpClient;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** POST /orders: priced by the real catalog, stored on the customer's shard with its event, idempotent per key. */
class PlaceOrderIT extends OrderServiceIntegrationTest {

    @Autowired
    IdempotencyKeys keys;

    @Test
    void anOrderIsAcceptedWith202AndStoredOnTheCustomersShardWithItsEvent() {
        String customer = newCustomer();

        HttpResponse<String> response = api().place(customer, key(), items(17, 2, 42, 1));

        assertThat(response.statusCode()).isEqualTo(202);
        JsonNode body = json(response);
        OrderId id = new OrderId(Long.parseLong(body.get("id").asString()));
        assertThat(response.headers().firstValue("Location")).hasValue("http://127.0.0.1:" + port + "/orders/" + id);
        assertThat(body.get("status").asString())
                .as("its saga has asked for the stock")
                .isEqualTo("AWAITING_STOCK");
        assertThat(body.get("total").get("amountMinor").asLong()).isEqualTo(2 * catalogPrice(17) + catalogPrice(42));
        assertThat(id.logicalShard()).isEqualTo(clusters.directory().logicalShardOf(customer));

        ShardCluster home = clusters.forCustomer(customer);
        for (ShardCluster cluster : clusters.all()) {
            long rows = cluster.primaryJdbc()
                    .sql("select count(*) from orders where id = ?")
                    .param(id.value())
                    .query(Long.class)
                    .single();
            assertThat(rows).as(cluster.name()).isEqualTo(cluster == home ? 1 : 0);
        }
        assertThat(home.primaryJdbc()
                        .sql("select count(*) from order_line where order_id = ?")
                        .param(id.value())
                        .query(Long.class)
                        .single())
                .isEqualTo(2);
        List<Map<String, Object>> outbox = home.primaryJdbc()
                .sql("select topic, aggregate_id, event_type from outbox where aggregate_id = ? order by id")
                .param(id.toString())
                .query()
                .listOfRows();
        assertThat(outbox)
                .as("in the placing commit: the order's events and its saga's first command, in this order")
                .extracting(row -> row.get("topic") + " " + row.get("event_type"))
                .containsExactly(
                        "order.events.v1 OrderPlaced.v1",
                        "order.events.v1 StockRequested.v1",
                        "inventory.commands.v1 ReserveStock.v1");
    }

    @Test
    void pricesComeFromTheCatalogWhateverTheClientSends() {
        String customer = newCustomer();
        String body = """
                {"items":[{"productId":17,"quantity":3,"unitPriceMinor":1,"price":{"amountMinor":1}}],
                 "totalMinor":1,"total":{"amountMinor":1,"currency":"EUR"}}""";

        HttpResponse<String> response = api().place(customer, key(), body);

        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(json(response).get("total").get("amountMinor").asLong()).isEqualTo(3 * catalogPrice(17));
    }

    @Test
    void theSameKeyAndBodyReplayTheFirstAnswerWithoutASecondOrder() {
        String customer = newCustomer();
        String key = key();

        HttpResponse<String> first = api().place(customer, key, items(5, 1));
        HttpResponse<String> again = api().place(customer, key, items(5, 1));

        assertThat(first.statusCode()).isEqualTo(202);
        assertThat(again.statusCode()).isEqualTo(202);
        assertThat(again.body()).isEqualTo(first.body());
        assertThat(again.headers().firstValue("Location"))
                .isEqualTo(first.headers().firstValue("Location"));
        assertThat(again.headers().firstValue("Idempotent-Replayed")).hasValue("true");
        assertThat(first.headers().firstValue("Idempotent-Replayed")).isEmpty();
        assertThat(storedOrders(customer)).isOne();
    }

    @Test
    void theSameKeyWithADifferentBodyIsRefusedWith422AndChangesNothing() {
        String customer = newCustomer();
        String key = key();
        api().place(customer, key, items(5, 1));
        long before = rowsWritten(customer);

        HttpResponse<String> response = api().place(customer, key, items(5, 2));

        assertThat(response.statusCode()).isEqualTo(422);
        assertProblem(response, "idempotency-key-reused");
        assertThat(rowsWritten(customer)).isEqualTo(before);
        assertThat(storedOrders(customer)).isOne();
    }

    @Test
    void concurrentRequestsWithOneKeyPlaceExactlyOneOrder() throws Exception {
        String customer = newCustomer();
        String key = key();
        int requests = 8;
        CountDownLatch start = new CountDownLatch(1);
        List<Future<HttpResponse<String>>> answers = new ArrayList<>();
        try (ExecutorService clients = Executors.newFixedThreadPool(requests)) {
            for (int i = 0; i < requests; i++) {
                answers.add(clients.submit(() -> {
                    start.await();
                    return api().place(customer, key, items(7, 1, 8, 2));
                }));
            }
            start.countDown();
            List<String> ids = new ArrayList<>();
            for (Future<HttpResponse<String>> answer : answers) {
                HttpResponse<String> response = answer.get();
                assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
                ids.add(json(response).get("id").asString());
            }
            assertThat(ids).as("every request got the one order").containsOnly(ids.getFirst());
        }
        assertThat(storedOrders(customer)).isOne();
        assertThat(clusters.forCustomer(customer)
                        .primaryJdbc()
                        .sql("""
                                select count(*) from outbox
                                where payload ->> 'customerId' = ? and event_type = 'OrderPlaced.v1'""")
                        .param(customer)
                        .query(Long.class)
                        .single())
                .as("one OrderPlaced event")
                .isOne();
    }

    @Test
    void anExpiredKeyNamesANewOrderAndTheCleanupDeletesExpiredKeys() {
        String customer = newCustomer();
        String key = key();
        String first = json(api().place(customer, key, items(5, 1))).get("id").asString();
        JdbcClient shard = clusters.forCustomer(customer).primaryJdbc();
        shard.sql(
                        "update idempotency_key set expires_at = clock_timestamp() - interval '1 second' where customer_id = ?")
                .param(customer)
                .update();

        HttpResponse<String> again = api().place(customer, key, items(5, 1));

        assertThat(again.statusCode()).isEqualTo(202);
        assertThat(json(again).get("id").asString())
                .as("past its retention the key names a new order")
                .isNotEqualTo(first);
        assertThat(again.headers().firstValue("Idempotent-Replayed")).isEmpty();
        assertThat(storedOrders(customer)).isEqualTo(2);

        shard.sql(
                        "update idempotency_key set expires_at = clock_timestamp() - interval '1 second' where customer_id = ?")
                .param(customer)
                .update();
        assertThat(keys.deleteExpired(10_000)).isPositive();
        assertThat(shard.sql("select count(*) from idempotency_key where customer_id = ?")
                        .param(customer)
                        .query(Long.class)
                        .single())
                .isZero();
        assertThat(storedOrders(customer)).as("orders outlive their keys").isEqualTo(2);
    }

    @Test
    void aKeyBelongsToOneCustomer() {
        String key = key();
        String alice = newCustomer();
        String bob = newCustomer();

        String aliceOrder = json(api().place(alice, key, items(5, 1))).get("id").asString();
        String bobOrder = json(api().place(bob, key, items(5, 1))).get("id").asString();

        assertThat(bobOrder).isNotEqualTo(aliceOrder);
    }

    @Test
    void badRequestsAreRefusedWithProblemJsonAndWriteNothing() {
        record Case(String why, String key, String body, int status, String type) {}
        String fiftyOneItems = "{\"items\":["
                + IntStream.rangeClosed(1, 51)
                        .mapToObj(i -> "{\"productId\":" + i + ",\"quantity\":1}")
                        .collect(Collectors.joining(","))
                + "]}";
        List<Case> cases = List.of(
                new Case("no Idempotency-Key", null, items(5, 1), 400, "invalid-request"),
                new Case("malformed Idempotency-Key", "has spaces and ünïcode", items(5, 1), 400, "invalid-request"),
                new Case("Idempotency-Key too long", "k".repeat(129), items(5, 1), 400, "invalid-request"),
                new Case("no items field", key(), "{}", 400, "invalid-request"),
                new Case("empty items", key(), "{\"items\":[]}", 400, "invalid-request"),
                new Case("quantity 0", key(), items(5, 0), 400, "invalid-request"),
                new Case("negative quantity", key(), items(5, -3), 400, "invalid-request"),
                new Case("absurd quantity", key(), items(5, 1_000_000), 400, "invalid-request"),
                new Case("quantity beyond int", key(), items(5, 10_000_000_000L), 400, "malformed-body"),
                new Case(
                        "fractional quantity",
                        key(),
                        "{\"items\":[{\"productId\":5,\"quantity\":1.5}]}",
                        400,
                        "malformed-body"),
                new Case("quantity missing", key(), "{\"items\":[{\"productId\":5}]}", 400, "invalid-request"),
                new Case("product id missing", key(), "{\"items\":[{\"quantity\":1}]}", 400, "invalid-request"),
                new Case("negative product id", key(), items(-5, 1), 400, "invalid-request"),
                new Case("one product twice", key(), items(5, 1, 5, 2), 400, "invalid-request"),
                new Case("too many items", key(), fiftyOneItems, 400, "invalid-request"),
                new Case("unknown product", key(), items(5, 1, 987_654_321, 1), 422, "unknown-product"),
                new Case("malformed JSON", key(), "{\"items\":[", 400, "malformed-body"),
                new Case("items not a list", key(), "{\"items\":\"many\"}", 400, "malformed-body"),
                new Case(
                        "quantity as text",
                        key(),
                        "{\"items\":[{\"productId\":5,\"quantity\":\"two\"}]}",
                        400,
                        "malformed-body"));

        for (Case c : cases) {
            String customer = newCustomer();
            HttpResponse<String> response = api().place(customer, c.key(), c.body());

            assertThat(response.statusCode())
                    .as(c.why() + ": " + response.body())
                    .isEqualTo(c.status());
            assertThat(response.headers().firstValue("Content-Type"))
                    .as(c.why())
                    .hasValue("application/problem+json");
            if (c.type() != null) {
                assertProblem(response, c.type());
            }
            assertThat(rowsWritten(customer)).as(c.why() + ": nothing written").isZero();
        }
    }

    @Test
    void aBodyOfTheWrongShapeIsRefusedNamingTheFieldButNotEchoingTheInput() {
        HttpResponse<String> response =
                api().place(newCustomer(), key(), "{\"items\":[{\"productId\":5,\"quantity\":\"<script>\"}]}");

        assertProblem(response, "malformed-body");
        assertThat(json(response).get("errors").has("items[0].quantity"))
                .as(response.body())
                .isTrue();
        assertThat(response.body()).doesNotContain("<script>").doesNotContain("tools.jackson");
    }

    static void assertProblem(HttpResponse<String> response, String type) {
        JsonNode problem = json(response);
        assertThat(problem.get("type").asString()).isEqualTo("https://patternshop.dev/problems/" + type);
        assertThat(problem.get("status").asInt()).isEqualTo(response.statusCode());
        assertThat(problem.get("detail").asString()).isNotBlank();
    }

    private static long catalogPrice(long productId) {
        HttpResponse<String> product =
                TestHttpClient.at(CatalogProcess.shared().url()).get("/products/" + productId);
        assertThat(product.statusCode()).isEqualTo(200);
        return json(product).get("price").get("amountMinor").asLong();
    }
}
