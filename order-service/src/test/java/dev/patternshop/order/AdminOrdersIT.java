package dev.patternshop.order;

import static dev.patternshop.order.OrderApi.items;
import static dev.patternshop.order.OrderApi.json;
import static dev.patternshop.order.OrderApi.key;
import static dev.patternshop.order.OrderApi.newCustomer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.patternshop.order.sharding.ShardCluster;
import dev.patternshop.testsupport.security.TestTokens;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** GET /admin/orders: every shard asked in parallel, merged into pages that equal one sorted list. */
class AdminOrdersIT extends OrderServiceIntegrationTest {

    private static final int PAGE_SIZE = 7;

    @Test
    void theScatterGatherPagesEqualOneListSortedAcrossAllShards() {
        Map<String, Integer> perCluster = new HashMap<>();
        for (int i = 0; i < 24; i++) {
            String customer = newCustomer();
            assertThat(api().place(customer, key(), items(30 + i, 1)).statusCode())
                    .isEqualTo(202);
            perCluster.merge(clusters.forCustomer(customer).name(), 1, Integer::sum);
        }
        assertThat(perCluster).as("orders on both clusters").containsOnlyKeys("orders-a", "orders-b");

        List<String> expected = awaitingStockSortedNewestFirst();
        // The listing reads replicas: wait until they have replayed everything just written.
        await().atMost(Duration.ofSeconds(15))
                .untilAsserted(() -> assertThat(allPages("AWAITING_STOCK")).isEqualTo(expected));
    }

    @Test
    void theListingChecksItsStatusAndPaging() {
        String admin = TestTokens.shared().admin("admin-1");
        for (String query : List.of(
                "",
                "status=LOST",
                "status=PENDING&size=0",
                "status=PENDING&size=500",
                "status=PENDING&page=-1",
                "status=PENDING&page=9999&size=100",
                "status=PENDING&page=2147483647&size=2",
                "status=PENDING&page=2147483647&size=1")) {
            HttpResponse<String> response = api().get("/admin/orders?" + query, admin);
            assertThat(response.statusCode()).as(query).isEqualTo(400);
            assertThat(response.headers().firstValue("Content-Type")).as(query).hasValue("application/problem+json");
        }
        assertThat(api().get("/admin/orders?status=pending", admin).statusCode())
                .as("any case")
                .isEqualTo(200);
        assertThat(api().get("/admin/orders?status=CANCELLED", admin).body()).contains("\"items\":[]");
    }

    @Test
    void customersMayNotListEveryonesOrders() {
        HttpResponse<String> response = api().getAsCustomer(newCustomer(), "/admin/orders?status=PENDING");

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    }

    private List<String> allPages(String status) {
        String admin = TestTokens.shared().admin("admin-1");
        List<String> ids = new ArrayList<>();
        for (int page = 0; ; page++) {
            HttpResponse<String> response =
                    api().get("/admin/orders?status=" + status + "&size=" + PAGE_SIZE + "&page=" + page, admin);
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            JsonNode body = json(response);
            body.get("items").forEach(item -> ids.add(item.get("id").asString()));
            if (!body.get("hasNext").asBoolean()) {
                return ids;
            }
        }
    }

    /** The same question asked of every shard's primary in full, merged and sorted here. */
    private List<String> awaitingStockSortedNewestFirst() {
        record Row(long id, OffsetDateTime createdAt) {}
        List<Row> rows = new ArrayList<>();
        for (ShardCluster cluster : clusters.all()) {
            rows.addAll(cluster.primaryJdbc()
                    .sql("select id, created_at from orders where status = 'AWAITING_STOCK'")
                    .query((rs, n) -> new Row(rs.getLong("id"), rs.getObject("created_at", OffsetDateTime.class)))
                    .list());
        }
        rows.sort(
                Comparator.comparing(Row::createdAt).thenComparingLong(Row::id).reversed());
        return rows.stream().map(row -> Long.toString(row.id())).toList();
    }
}
