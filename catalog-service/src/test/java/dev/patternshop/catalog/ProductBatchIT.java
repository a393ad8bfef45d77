package dev.patternshop.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** GET /products/batch: many products in one call, for clients that need a whole order's prices at once. */
@CatalogIntegrationTest
class ProductBatchIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Value("${local.server.port}")
    int port;

    @Value("${catalog.batch.max-ids}")
    int maxIds;

    CatalogClient catalog;

    @BeforeEach
    void client() {
        catalog = new CatalogClient(port);
    }

    @Test
    void answersTheProductsFoundAsTheSingleProductReadDoesLeavingUnknownIdsOutAndDuplicatesOnce() {
        HttpResponse<String> response = catalog.get("/products/batch?ids=7,987654321,3,7");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        List<JsonNode> products =
                JSON.readTree(response.body()).get("products").valueStream().toList();
        assertThat(products).extracting(product -> product.get("id").asLong()).containsExactly(7L, 3L);
        assertThat(products.getFirst())
                .isEqualTo(JSON.readTree(catalog.get("/products/7").body()));
    }

    @Test
    void asManyIdsAsTheCapAreAnsweredInOneCall() {
        String ids = LongStream.rangeClosed(1, maxIds).mapToObj(Long::toString).collect(Collectors.joining(","));

        HttpResponse<String> response = catalog.get("/products/batch?ids=" + ids);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(response.body()).get("products").size()).isEqualTo(maxIds);
    }

    @Test
    void tooManyNoneOrNonNumericIdsAreRefusedWithProblemJson() {
        String tooMany =
                LongStream.rangeClosed(1, maxIds + 1L).mapToObj(Long::toString).collect(Collectors.joining(","));
        for (String query : List.of(
                "",
                "?ids=",
                "?ids=" + tooMany,
                "?ids=1,abc",
                "?ids=1,,2",
                "?ids=-4",
                "?ids=0",
                "?ids=99999999999999999999")) {
            HttpResponse<String> response = catalog.get("/products/batch" + query);

            assertThat(response.statusCode()).as(query).isEqualTo(400);
            assertThat(response.headers().firstValue("Content-Type")).as(query).hasValue("application/problem+json");
            assertThat(response.body()).as(query).doesNotContain("abc");
        }
    }
}
