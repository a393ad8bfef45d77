package dev.patternshop.inventory;

import static dev.patternshop.inventory.InventoryFixtures.command;
import static dev.patternshop.inventory.InventoryFixtures.newOrderId;
import static dev.patternshop.inventory.InventoryFixtures.reserve;
import static org.assertj.core.api.Assertions.assertThat;

import dev.patternshop.events.inventory.v1.ReserveStock;
import dev.patternshop.events.inventory.v1.StockChanged;
import dev.patternshop.inventory.InventoryFixtures.OutboxRow;
import dev.patternshop.inventory.reservation.ReservationCommands;
import dev.patternshop.testsupport.security.TestTokens;
import dev.patternshop.testsupport.web.TestHttpClient;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The HTTP API as a client sees it: public reads, bulk limits, the admin's optimistic count, hostile input. */
@InventoryIntegrationTest
class InventoryApiIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** The deliberately scarce products of the seed (V2__seed_stock.sql) and their units. */
    private static final Map<Long, Integer> SCARCE = Map.of(13L, 1, 77L, 2, 404L, 3, 777L, 4, 9001L, 5);

    @Value("${local.server.port}")
    int port;

    @Autowired
    JdbcClient database;

    @Autowired
    ReservationCommands commands;

    TestHttpClient http;
    InventoryFixtures fixtures;

    @BeforeEach
    void client() {
        http = TestHttpClient.onPort(port);
        fixtures = new InventoryFixtures(database);
    }

    @Test
    void theSeedStocksEveryCatalogProductByAFormulaOfItsIdAndAFewScarcely() {
        assertThat(database.sql("select count(*) from stock where product_id between 1 and 10000")
                        .query(Long.class)
                        .single())
                .isEqualTo(10_000);
        for (long id : List.of(1L, 2L, 5000L, 10_000L)) {
            assertThat(body(http.get("/products/" + id)).get("available").asInt())
                    .isEqualTo(20 + (int) ((id * 37) % 181));
        }
        SCARCE.forEach((id, units) -> assertThat(
                        body(http.get("/products/" + id)).get("available").asInt())
                .as("product %d", id)
                .isEqualTo(units));
    }

    @Test
    void aProductsStockIsAPublicReadWithAnEtagThatAnswersNotModified() {
        long product = fixtures.newProduct(9);

        HttpResponse<String> first = http.get("/products/" + product);
        String etag = first.headers().firstValue("ETag").orElseThrow();
        HttpResponse<String> again = http.get("/products/" + product, "If-None-Match", etag);

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(body(first).toString())
                .isEqualTo("{\"productId\":" + product + ",\"available\":9,\"reserved\":0,\"version\":0}");
        assertThat(etag).isEqualTo("\"" + product + "-0\"");
        assertThat(again.statusCode()).isEqualTo(304);
    }

    @Test
    void aReservationShowsInTheStockAndChangesItsEtag() {
        long product = fixtures.newProduct(9);
        String etag =
                http.get("/products/" + product).headers().firstValue("ETag").orElseThrow();
        String order = newOrderId();
        commands.reserve(reserve(order, product, 2), command(ReserveStock.TYPE, order));

        HttpResponse<String> after = http.get("/products/" + product, "If-None-Match", etag);

        assertThat(after.statusCode()).isEqualTo(200);
        assertThat(body(after).get("available").asInt()).isEqualTo(7);
        assertThat(body(after).get("reserved").asInt()).isEqualTo(2);
    }

    @Test
    void anUnknownProductIsA404Problem() {
        HttpResponse<String> response = http.get("/products/99999999");

        assertProblem(response, 404, "stock-not-found");
    }

    @Test
    void aBulkReadAnswersTheProductsFoundAndListsTheMissingOnes() {
        HttpResponse<String> response = http.get("/products?ids=2,1,99999999,2,13");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = body(response);
        assertThat(body.get("products")
                        .valueStream()
                        .map(p -> p.get("productId").asLong()))
                .containsExactly(1L, 2L, 13L);
        assertThat(body.get("missing").valueStream().map(JsonNode::asLong)).containsExactly(99999999L);
    }

    @Test
    void aBulkReadBeyondTheLimitOrWithoutIdsIsA400() {
        String hundred = LongStream.rangeClosed(1, 100).mapToObj(Long::toString).collect(Collectors.joining(","));

        assertThat(http.get("/products?ids=" + hundred).statusCode()).isEqualTo(200);
        assertProblem(http.get("/products?ids=" + hundred + ",101"), 400, "invalid-request");
        assertProblem(http.get("/products?ids=" + ",".repeat(200)), 400, "invalid-request");
        assertProblem(http.get("/products"), 400, "invalid-request");
        assertProblem(http.get("/products?ids="), 400, "invalid-request");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "/products/99999999999999999999",
                "/products/-1",
                "/products/0",
                "/products/abc",
                "/products?ids=99999999999999999999",
                "/products?ids=1,-2",
                "/products?ids=1,,2",
                "/products?ids=1%002",
                "/products?ids=1;2",
                "/products/1%0A"
            })
    void hostileReadsAreA400(String path) {
        HttpResponse<String> response = http.get(path);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    }

    @Test
    void anAdminSetsTheAvailableCountAtTheVersionReadAndItIsAnnounced() {
        long product = fixtures.newProduct(3);
        long before = fixtures.lastOutboxId();

        HttpResponse<String> response =
                admin("PUT", "/admin/products/" + product + "/stock", "{\"available\":40,\"version\":0}");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(body(response).get("available").asInt()).isEqualTo(40);
        assertThat(body(response).get("version").asLong()).isEqualTo(1);
        assertThat(response.headers().firstValue("ETag")).hasValue("\"" + product + "-1\"");
        List<OutboxRow> changes = fixtures.outbox(before, product);
        assertThat(changes).singleElement().satisfies(row -> {
            assertThat(row.type()).isEqualTo(StockChanged.TYPE);
            assertThat(row.payload().get("available").asInt()).isEqualTo(40);
            assertThat(row.payload().get("version").asLong()).isEqualTo(1);
        });
    }

    @Test
    void anAdjustmentAtAStaleVersionIsA409AndChangesNothing() {
        long product = fixtures.newProduct(3);
        String order = newOrderId();
        // A reservation moved the version on since the admin read version 0.
        commands.reserve(reserve(order, product, 1), command(ReserveStock.TYPE, order));
        long before = fixtures.lastOutboxId();

        HttpResponse<String> response =
                admin("PUT", "/admin/products/" + product + "/stock", "{\"available\":40,\"version\":0}");

        assertProblem(response, 409, "version-conflict");
        assertThat(fixtures.available(product)).isEqualTo(2);
        assertThat(fixtures.outbox(before, product)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{\"available\":-1,\"version\":0}",
                "{\"available\":1000001,\"version\":0}",
                "{\"available\":3000000000,\"version\":0}",
                "{\"available\":1.5,\"version\":0}",
                "{\"available\":\"five\",\"version\":0}",
                "{\"available\":5}",
                "{\"version\":0}",
                "{\"available\":5,\"version\":-1}",
                "{\"available\":5,\"version\":99999999999999999999}",
                "[]",
                "not json",
                ""
            })
    void aBadAdjustmentIsA400AndChangesNothing(String json) {
        long product = fixtures.newProduct(3);

        HttpResponse<String> response = admin("PUT", "/admin/products/" + product + "/stock", json);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(fixtures.stock(product)).containsEntry("available", 3).containsEntry("version", 0L);
    }

    @Test
    void anAdjustmentOfAnUnknownProductIsA404() {
        assertProblem(
                admin("PUT", "/admin/products/99999999/stock", "{\"available\":1,\"version\":0}"),
                404,
                "stock-not-found");
    }

    @Test
    void onlyAnAdminAdjustsStockOrReadsReservations() {
        long product = fixtures.newProduct(3);
        String customer = TestTokens.bearer(TestTokens.shared().customer("inventory-test-customer"));

        assertThat(http.put(
                                "/admin/products/" + product + "/stock",
                                "{\"available\":9,\"version\":0}",
                                "Authorization",
                                customer)
                        .statusCode())
                .isEqualTo(403);
        assertThat(http.put("/admin/products/" + product + "/stock", "{\"available\":9,\"version\":0}")
                        .statusCode())
                .isEqualTo(401);
        assertThat(http.get("/admin/reservations/1", "Authorization", customer).statusCode())
                .isEqualTo(403);
        assertThat(fixtures.available(product)).isEqualTo(3);
    }

    @Test
    void anAdminInspectsAnOrdersReservation() {
        long product = fixtures.newProduct(3);
        String order = newOrderId();
        commands.reserve(reserve(order, product, 2), command(ReserveStock.TYPE, order));

        HttpResponse<String> response = admin("GET", "/admin/reservations/" + order, null);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode body = body(response);
        assertThat(body.get("status").asString()).isEqualTo("RESERVED");
        assertThat(body.get("lines").get(0).get("productId").asLong()).isEqualTo(product);
        assertThat(body.get("lines").get(0).get("quantity").asInt()).isEqualTo(2);
        assertThat(body.get("expiresAt").asString()).isNotBlank();
        assertProblem(admin("GET", "/admin/reservations/no-such-order", null), 404, "reservation-not-found");
        assertThat(admin("GET", "/admin/reservations/" + "x".repeat(65), null).statusCode())
                .isEqualTo(400);
        assertThat(admin("GET", "/admin/reservations/a%00b", null).statusCode()).isEqualTo(400);
    }

    private HttpResponse<String> admin(String method, String path, String json) {
        String token = TestTokens.bearer(TestTokens.shared().admin("inventory-test-admin"));
        return switch (method) {
            case "PUT" -> http.put(path, json, "Authorization", token);
            default -> http.get(path, "Authorization", token);
        };
    }

    private static void assertProblem(HttpResponse<String> response, int status, String type) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(JSON.readTree(response.body()).get("type").asString()).endsWith("/" + type);
    }

    private static JsonNode body(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }
}
