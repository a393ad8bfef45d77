package dev.patternshop.order;

import static dev.patternshop.order.OrderApi.items;
import static dev.patternshop.order.OrderApi.json;
import static dev.patternshop.order.OrderApi.key;
import static dev.patternshop.order.OrderApi.newCustomer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.patternshop.infra.embedded.PostgresCluster;
import dev.patternshop.order.sharding.ShardCluster;
import dev.patternshop.replication.ReplicaMonitor;
import dev.patternshop.testsupport.EmbeddedInfrastructureOnly;
import dev.patternshop.testsupport.TestInfrastructure;
import dev.patternshop.testsupport.security.TestTokens;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** GET /orders/{id} and GET /orders: the owner only, fresh right after a write, and served without a replica. */
class OrderReadsIT extends OrderServiceIntegrationTest {

    /** A log position no test run reaches: 1 TiB of WAL past a real one. */
    private static final long FAR_AHEAD = 1L << 40;

    @Test
    void anOrderIsShownToItsOwnerOnly() {
        String owner = newCustomer();
        String location = path(api().place(owner, key(), items(11, 2)));

        HttpResponse<String> mine = api().getAsCustomer(owner, location);
        HttpResponse<String> someoneElses = api().getAsCustomer(newCustomer(), location);

        assertThat(mine.statusCode()).isEqualTo(200);
        assertThat(json(mine).get("items").get(0).get("quantity").asInt()).isEqualTo(2);
        assertThat(mine.headers().firstValue("Cache-Control"))
                .hasValueSatisfying(value -> assertThat(value).contains("no-store"));
        assertThat(someoneElses.statusCode())
                .as("not 403: an id reveals nothing")
                .isEqualTo(404);
        PlaceOrderIT.assertProblem(someoneElses, "order-not-found");
        assertThat(api().get(location, TestTokens.shared().admin("some-admin")).statusCode())
                .as("admins list orders under /admin/orders; this is the customer's view")
                .isEqualTo(404);
    }

    @Test
    void idsThatNameNoOrderAreNotFound() {
        String customer = newCustomer();
        // Shard 4000 does not exist in a 64-shard directory; the others are not numbers or not positive.
        long unknownShard = (1L << 22) | (4000L << 10) | 1;
        for (String id : List.of("123", "-5", "0", "abc", "9999999999999999999999", Long.toString(unknownShard))) {
            HttpResponse<String> response = api().getAsCustomer(customer, "/orders/" + id);
            assertThat(response.statusCode()).as(id).isEqualTo(404);
            PlaceOrderIT.assertProblem(response, "order-not-found");
        }
    }

    @Test
    void aCustomerSeesTheOrderJustPlacedEvenWhileTheReplicaIsBehind() {
        String customer = newCustomer();
        ShardCluster shard = clusters.forCustomer(customer);
        JdbcClient replica = JdbcClient.create(shard.replica());
        replica.sql("select pg_wal_replay_pause()").query().listOfRows();
        try {
            HttpResponse<String> placed = api().place(customer, key(), items(3, 1));
            String location = path(placed);
            String token = placed.headers().firstValue("Consistency-Token").orElseThrow();
            String id = json(placed).get("id").asString();
            assertThat(replica.sql("select count(*) from orders where id = ?")
                            .param(Long.parseLong(id))
                            .query(Long.class)
                            .single())
                    .as("the replica has not replayed the order")
                    .isZero();

            HttpResponse<String> withToken = api().getAsCustomer(customer, location, "Consistency-Token", token);
            HttpResponse<String> withoutToken = api().getAsCustomer(customer, location);
            HttpResponse<String> listing = api().getAsCustomer(customer, "/orders", "Consistency-Token", token);

            assertThat(withToken.statusCode()).isEqualTo(200);
            assertThat(withoutToken.statusCode())
                    .as("a miss on the replica is asked again on the primary")
                    .isEqualTo(200);
            assertThat(ids(listing)).containsExactly(id);
        } finally {
            replica.sql("select pg_wal_replay_resume()").query().listOfRows();
        }
    }

    @Test
    void aCustomersOrdersAreListedNewestFirstInPages() {
        String customer = newCustomer();
        List<String> placed = new ArrayList<>();
        String token = null;
        for (int i = 1; i <= 5; i++) {
            HttpResponse<String> response = api().place(customer, key(), items(i, i));
            placed.addFirst(json(response).get("id").asString());
            token = response.headers().firstValue("Consistency-Token").orElseThrow();
        }

        List<String> listed = new ArrayList<>();
        List<Boolean> hasNext = new ArrayList<>();
        for (int page = 0; page < 3; page++) {
            HttpResponse<String> response =
                    api().getAsCustomer(customer, "/orders?size=2&page=" + page, "Consistency-Token", token);
            assertThat(response.statusCode()).isEqualTo(200);
            listed.addAll(ids(response));
            hasNext.add(json(response).get("hasNext").asBoolean());
        }

        assertThat(listed).isEqualTo(placed);
        assertThat(hasNext).containsExactly(true, true, false);
        assertThat(ids(api().getAsCustomer(newCustomer(), "/orders")))
                .as("another customer's list")
                .isEmpty();
    }

    @Test
    void badPagingIsRefusedWithProblemJson() {
        String customer = newCustomer();
        for (String query : List.of("size=0", "size=101", "page=-1", "page=5000&size=100", "size=abc")) {
            HttpResponse<String> response = api().getAsCustomer(customer, "/orders?" + query);
            assertThat(response.statusCode()).as(query).isEqualTo(400);
            assertThat(response.headers().firstValue("Content-Type")).as(query).hasValue("application/problem+json");
        }
        assertThat(api().getAsCustomer(customer, "/orders", "Consistency-Token", "not-a-number")
                        .statusCode())
                .isEqualTo(400);
    }

    @Test
    @EmbeddedInfrastructureOnly("stops and restarts the replica's server process")
    void readsKeepWorkingWhileTheReplicaIsDown() {
        PostgresCluster postgres = TestInfrastructure.embedded().postgresCluster();
        String customer = newCustomer();
        String location = path(api().place(customer, key(), items(9, 1)));
        ShardCluster shard = clusters.forCustomer(customer);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> shard.replicaMonitor().state() == ReplicaMonitor.State.USABLE);

        postgres.stopReplica();
        try {
            // Straight away (before the monitor noticed: the failed read falls back) and after it noticed.
            assertThat(api().getAsCustomer(customer, location).statusCode()).isEqualTo(200);
            assertThat(api().getAsCustomer(customer, "/orders").statusCode()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> shard.replicaMonitor().state() == ReplicaMonitor.State.DOWN);
            assertThat(api().getAsCustomer(customer, location).statusCode()).isEqualTo(200);
            assertThat(ids(api().getAsCustomer(customer, "/orders"))).hasSize(1);
        } finally {
            postgres.startReplica();
        }
        await().atMost(Duration.ofSeconds(30))
                .until(() -> shard.replicaMonitor().state() == ReplicaMonitor.State.USABLE);
    }

    @Test
    void aTokenPastAnythingTheShardWroteIsRefusedWith400() {
        String customer = newCustomer();
        HttpResponse<String> placed = api().place(customer, key(), items(4, 1));
        String location = path(placed);
        long written =
                Long.parseLong(placed.headers().firstValue("Consistency-Token").orElseThrow());

        for (String forged : List.of(Long.toString(written + FAR_AHEAD), Long.toString(Long.MAX_VALUE))) {
            for (String read : List.of(location, "/orders")) {
                HttpResponse<String> response = api().getAsCustomer(customer, read, "Consistency-Token", forged);
                assertThat(response.statusCode()).as(read + " with " + forged).isEqualTo(400);
                PlaceOrderIT.assertProblem(response, "invalid-request");
            }
        }
        assertThat(api().getAsCustomer(customer, location, "Consistency-Token", Long.toString(written))
                        .statusCode())
                .as("the token the write returned")
                .isEqualTo(200);
    }

    @Test
    @EmbeddedInfrastructureOnly("stops and restarts the primary's server process")
    void aTokenFromTheFutureWhileThePrimaryIsDownIsServedFromTheReplicaNeverA5xx() {
        PostgresCluster postgres = TestInfrastructure.embedded().postgresCluster();
        String customer = newCustomer();
        HttpResponse<String> placed = api().place(customer, key(), items(6, 1));
        String location = path(placed);
        ShardCluster shard = clusters.forCustomer(customer);
        long written =
                Long.parseLong(placed.headers().firstValue("Consistency-Token").orElseThrow());
        postgres.awaitReplicaCaughtUp(Duration.ofSeconds(30));

        postgres.stopPrimary();
        try {
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> shard.replicaMonitor().state() == ReplicaMonitor.State.PRIMARY_DOWN);
            String future = Long.toString(written + FAR_AHEAD);
            HttpResponse<String> one = api().getAsCustomer(customer, location, "Consistency-Token", future);
            HttpResponse<String> listing = api().getAsCustomer(customer, "/orders", "Consistency-Token", future);

            assertThat(one.statusCode()).as(one.body()).isEqualTo(200);
            assertThat(ids(listing)).containsExactly(json(placed).get("id").asString());
        } finally {
            postgres.startPrimary();
        }
        await().atMost(Duration.ofSeconds(30))
                .until(() -> shard.replicaMonitor().state() == ReplicaMonitor.State.USABLE);
    }

    private String path(HttpResponse<String> placed) {
        assertThat(placed.statusCode()).as(placed.body()).isEqualTo(202);
        return placed.headers().firstValue("Location").orElseThrow().replace("http://127.0.0.1:" + port, "");
    }

    private static List<String> ids(HttpResponse<String> listing) {
        assertThat(listing.statusCode()).as(listing.body()).isEqualTo(200);
        JsonNode items = json(listing).get("items");
        return StreamSupport.stream(items.spliterator(), false)
                .map(item -> item.get("id").asString())
                .toList();
    }
}
