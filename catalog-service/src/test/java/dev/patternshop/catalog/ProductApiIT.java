package dev.patternshop.catalog;

import static dev.patternshop.catalog.CatalogClient.productJson;
import static org.assertj.core.api.Assertions.assertThat;

import dev.patternshop.testsupport.security.TestTokens;
import dev.patternshop.testsupport.web.RawHttp;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

@CatalogIntegrationTest
class ProductApiIT {

    @Value("${local.server.port}")
    int port;

    @Autowired
    JdbcClient primary;

    @Autowired
    JsonMapper json;

    CatalogClient catalog;

    @BeforeEach
    void client() {
        catalog = new CatalogClient(port);
    }

    @Test
    void seedHasTenThousandDeterministicProducts() {
        assertThat(primary.sql("select count(*) from product where sku like 'SKU-%'")
                        .query(Long.class)
                        .single())
                .isEqualTo(10_000);
        JsonNode first = body(catalog.get("/products/1"));
        assertThat(first.get("sku").asString()).isEqualTo("SKU-000001");
        assertThat(first.get("name").asString()).isEqualTo("Modern Oak Chair");
    }

    @Test
    void listFiltersByCategoryAndPriceAndSortsByPrice() {
        JsonNode page =
                body(catalog.get("/products?category=lighting&minPrice=1000&maxPrice=5000&sort=price,desc&size=50"));

        List<JsonNode> items = page.get("items").valueStream().toList();
        assertThat(items).hasSize(50);
        assertThat(items).allSatisfy(item -> {
            assertThat(item.get("category").asString()).isEqualTo("lighting");
            assertThat(item.get("price").get("amountMinor").asLong()).isBetween(1000L, 5000L);
        });
        List<Long> prices = items.stream()
                .map(item -> item.get("price").get("amountMinor").asLong())
                .toList();
        assertThat(prices).isSortedAccordingTo(java.util.Comparator.reverseOrder());
        assertThat(page.get("totalElements").asLong())
                .isEqualTo(primary.sql(
                                "select count(*) from product where category = 'lighting' and price_minor between 1000 and 5000")
                        .query(Long.class)
                        .single());
    }

    @Test
    void productCarriesAStrongEtagAndIfNoneMatchGivesNotModified() {
        HttpResponse<String> first = catalog.get("/products/42");
        String etag = first.headers().firstValue("ETag").orElseThrow();

        HttpResponse<String> again = catalog.get("/products/42", "If-None-Match", etag);

        assertThat(etag).matches("\"42-\\d+\"");
        assertThat(first.headers().firstValue("Cache-Control"))
                .hasValueSatisfying(v -> assertThat(v).contains("max-age=10"));
        assertThat(again.statusCode()).isEqualTo(304);
        assertThat(again.body()).isEmpty();
    }

    @Test
    void searchRanksTheExactNameMatchFirst() {
        catalog.post("/admin/products", productJson("Oak Lamp", 1999));

        JsonNode results = body(catalog.get("/products/search?q=oak%20lamp&size=5"));

        assertThat(results.get("totalElements").asLong()).isGreaterThan(1);
        assertThat(results.get("items").get(0).get("name").asString()).isEqualTo("Oak Lamp");
        assertThat(results.get("items").get(1).get("name").asString())
                .containsIgnoringCase("oak")
                .containsIgnoringCase("lamp");
    }

    @Test
    void adminCreatesUpdatesAndDeletesWithOptimisticLocking() {
        HttpResponse<String> created = catalog.post("/admin/products", productJson("Teak Tray", 2500));
        assertThat(created.statusCode()).isEqualTo(201);
        JsonNode product = body(created);
        long id = product.get("id").asLong();
        String sku = product.get("sku").asString();
        assertThat(created.headers().firstValue("Location")).hasValue("http://127.0.0.1:" + port + "/products/" + id);

        HttpResponse<String> updated = catalog.put("/admin/products/" + id, productJson(sku, "Teak Tray XL", 2900, 0L));
        assertThat(updated.statusCode()).isEqualTo(200);
        assertThat(body(updated).get("version").asLong()).isEqualTo(1);

        HttpResponse<String> stale = catalog.put("/admin/products/" + id, productJson(sku, "Lost Update", 1, 0L));
        assertThat(stale.statusCode()).isEqualTo(409);
        assertThat(stale.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(body(catalog.get("/products/" + id)).get("name").asString()).isEqualTo("Teak Tray XL");

        assertThat(catalog.delete("/admin/products/" + id + "?version=0").statusCode())
                .isEqualTo(409);
        assertThat(catalog.delete("/admin/products/" + id + "?version=1").statusCode())
                .isEqualTo(204);
        assertThat(catalog.get("/products/" + id).statusCode()).isEqualTo(404);
        assertThat(catalog.delete("/admin/products/" + id + "?version=1").statusCode())
                .isEqualTo(404);
    }

    @ParameterizedTest(name = "GET {0} is 400")
    @ValueSource(
            strings = {
                "/products?sort=password",
                "/products?sort=price,sideways",
                "/products?size=101",
                "/products?size=0",
                "/products?page=-1",
                "/products?minPrice=-5",
                "/products?minPrice=10&maxPrice=5",
                "/products?page=500&size=100",
                "/products/abc",
                "/products/search",
                "/products/search?q=",
                "/products?category=DROP%20TABLE"
            })
    void badQueryIsAProblemJsonBadRequest(String path) {
        HttpResponse<String> response = catalog.get(path);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(response.body()).doesNotContain("Exception").doesNotContain("at dev.patternshop");
    }

    /** Refused by Tomcat itself, before any servlet or filter runs: still problem+json, not Tomcat's HTML page. */
    @ParameterizedTest(name = "GET {0} is a problem+json 400")
    @ValueSource(
            strings = {
                "/products/%00",
                "/products/1%2F2",
                "/products/%5C..%5Cadmin",
                "/products/%",
                "/products/%zz",
                "/products/%C3",
                "/products/%E0%80",
                "/products?q=%"
            })
    void aRequestTomcatRefusesBeforeAnyServletIsAProblemJsonBadRequest(String path) {
        RawHttp.Answer answer = RawHttp.exactly(
                port,
                "GET " + path + " HTTP/1.1\r\nHost: catalog\r\nConnection: close\r\n\r\n",
                Duration.ofSeconds(30));

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.text())
                .containsIgnoringCase("Content-Type: application/problem+json")
                .contains("\"status\":400")
                .doesNotContain("<html")
                .doesNotContainIgnoringCase("tomcat");
    }

    @Test
    void unknownProductIsAProblemJsonNotFound() {
        HttpResponse<String> response = catalog.get("/products/987654321");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(body(response).get("type").asString()).endsWith("/product-not-found");
    }

    @Test
    void invalidWritesAreRejectedAndChangeNothing() {
        long before = productCount();

        assertThat(catalog.post("/admin/products", productJson("Negative", -1)).statusCode())
                .isEqualTo(400);
        assertThat(catalog.post("/admin/products", "{\"sku\":\"X-1\",").statusCode())
                .isEqualTo(400);
        assertThat(catalog.post("/admin/products", productJson("SKU-000001", "Duplicate", 100, null))
                        .statusCode())
                .isEqualTo(409);
        HttpResponse<String> badCurrency =
                catalog.post("/admin/products", productJson("Bad Currency", 100).replace("EUR", "EURO"));
        assertThat(badCurrency.statusCode()).isEqualTo(400);
        assertThat(body(badCurrency).get("errors").has("price.currency")).isTrue();
        String oversized = productJson("Big " + "x".repeat(20_000), 100);
        assertThat(catalog.post("/admin/products", oversized).statusCode()).isEqualTo(413);
        assertThat(catalog.put("/admin/products/1", productJson("SKU-000001", "No Version", 100, null))
                        .statusCode())
                .isEqualTo(400);

        assertThat(productCount()).isEqualTo(before);
        assertThat(body(catalog.get("/products/1")).get("name").asString()).isEqualTo("Modern Oak Chair");
    }

    /** Each body is wrong in one field only, so the 400 must name that field; none may reach Postgres. */
    @ParameterizedTest(name = "{0} is a 400 naming {1}")
    @org.junit.jupiter.params.provider.CsvSource(
            delimiter = '|',
            value = {
                "a price above the documented maximum | price.amountMinor | \"amountMinor\":100000000001",
                "the largest long as a price          | price.amountMinor | \"amountMinor\":9223372036854775807",
                "a price that overflows a long        | price.amountMinor | \"amountMinor\":99999999999999999999",
                "a null attribute value               | attributes        | \"color\":null",
                "a NUL in an attribute value          | attributes        | \"color\":\"re\\u0000d\"",
                "a NUL in the description             | description       | \"description\":\"made\\u0000for a test\""
            })
    void absurdProductInputIsAProblemJsonBadRequestAndWritesNothing(String what, String field, String replacement) {
        HttpResponse<String> existing = catalog.post("/admin/products", productJson("Absurd Target", 100));
        long id = body(existing).get("id").asLong();
        String sku = body(existing).get("sku").asString();
        long before = productCount();

        HttpResponse<String> created =
                catalog.post("/admin/products", absurd(productJson("Absurd Input", 100), replacement));
        HttpResponse<String> replaced =
                catalog.put("/admin/products/" + id, absurd(productJson(sku, "Absurd Update", 100, 0L), replacement));

        for (HttpResponse<String> response : List.of(created, replaced)) {
            assertThat(response.statusCode()).as(what).isEqualTo(400);
            assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            // The field itself, or an entry of it (attributes.color): a NUL is refused as the JSON is read.
            assertThat(body(response).get("errors").propertyNames())
                    .as("errors name %s: %s", field, response.body())
                    .anyMatch(name -> name.equals(field) || name.startsWith(field + "."));
        }
        assertThat(productCount()).isEqualTo(before);
        assertThat(body(catalog.get("/products/" + id)).get("name").asString()).isEqualTo("Absurd Target");
    }

    /** The valid body with the one field the replacement names swapped for its absurd value. */
    private static String absurd(String body, String replacement) {
        String name = replacement.substring(0, replacement.indexOf(':'));
        String result = body.replaceFirst(
                java.util.regex.Pattern.quote(name) + ":(\\d+|\"[^\"]*\")",
                java.util.regex.Matcher.quoteReplacement(replacement));
        assertThat(result).as("the replacement applies").contains(replacement);
        return result;
    }

    @Test
    void controlCharacterInASearchIsAProblemJsonBadRequest() {
        HttpResponse<String> response = catalog.get("/products/search?q=oak%00lamp");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    }

    @Test
    void locationNamesTheAddressTheClientUsedBehindTheGateway() {
        HttpResponse<String> created = catalog.post(
                "/admin/products",
                productJson("Forwarded Lamp", 1500),
                "X-Forwarded-Host",
                "127.0.0.1:8080",
                "X-Forwarded-Proto",
                "http",
                "X-Forwarded-Prefix",
                "/api/catalog");

        assertThat(created.headers().firstValue("Location"))
                .hasValue("http://127.0.0.1:8080/api/catalog/products/"
                        + body(created).get("id").asLong());
    }

    @Test
    void adminWritesNeedAnAdminTokenAndChangeNothingWithout() {
        long before = productCount();
        String customer = TestTokens.bearer(TestTokens.shared().customer("customer-7"));

        HttpResponse<String> anonymous =
                catalog.post("/admin/products", productJson("No Token", 100), "Authorization", "");
        HttpResponse<String> notAdmin =
                catalog.post("/admin/products", productJson("Customer", 100), "Authorization", customer);

        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(body(anonymous).get("type").asString()).endsWith("/unauthorized");
        assertThat(notAdmin.statusCode()).isEqualTo(403);
        assertThat(body(notAdmin).get("type").asString()).endsWith("/forbidden");
        assertThat(catalog.delete("/admin/products/1?version=0", "Authorization", customer)
                        .statusCode())
                .isEqualTo(403);
        assertThat(catalog.get("/products/1", "Authorization", customer).statusCode())
                .isEqualTo(200);
        assertThat(productCount()).isEqualTo(before);
    }

    private long productCount() {
        return primary.sql("select count(*) from product").query(Long.class).single();
    }

    private JsonNode body(HttpResponse<String> response) {
        return json.readTree(response.body());
    }
}
