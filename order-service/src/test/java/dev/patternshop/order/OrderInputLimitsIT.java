package dev.patternshop.order;

import static dev.patternshop.order.OrderApi.items;
import static dev.patternshop.order.OrderApi.key;
import static dev.patternshop.order.OrderApi.newCustomer;
import static org.assertj.core.api.Assertions.assertThat;

import dev.patternshop.testsupport.security.TestTokens;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Whatever a caller sends that reaches a shard's Postgres (ids, paging, headers, the token's subject, which is the
 * customer id and shard key) is checked first: a 4xx problem, never a 500 from the database.
 */
class OrderInputLimitsIT extends OrderServiceIntegrationTest {

    /** Beyond what a Postgres btree index entry holds (about 2.7 kB; the customer id is indexed), within a header. */
    private static final int BEYOND_AN_INDEX_ENTRY = 3_000;

    private static final int HUGE = 10_000;

    @Test
    void customerIdsPostgresCannotStoreOrIndexAreRefusedWith400NotA500() {
        for (String customer : List.of("nul-\u0000-inside", "x".repeat(BEYOND_AN_INDEX_ENTRY), "line\nbreak")) {
            String what =
                    customer.length() > 20 ? customer.length() + " characters" : customer.replace("\u0000", "\\0");
            HttpResponse<String> placed = api().place(customer, key(), items(5, 1));
            HttpResponse<String> listed = api().getAsCustomer(customer, "/orders");
            HttpResponse<String> one = api().getAsCustomer(customer, "/orders/123");

            for (HttpResponse<String> response : List.of(placed, listed, one)) {
                assertThat(response.statusCode())
                        .as(what + ": " + response.body())
                        .isEqualTo(400);
                assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            }
        }
    }

    @Test
    void idsPagingAndHeadersOfAnyShapeAreAnsweredWith4xxNeverA5xx() {
        String customer = newCustomer();
        String admin = TestTokens.shared().admin("limits-admin");
        List<String> customerReads = List.of(
                "/orders/" + Long.MAX_VALUE,
                "/orders/" + Long.MIN_VALUE,
                "/orders/%20",
                "/orders/1e3",
                "/orders/" + "9".repeat(HUGE / 10),
                "/orders?page=2147483647&size=100",
                "/orders?page=-2147483648",
                "/orders?size=2147483647",
                "/orders?page=99999999999",
                "/orders?size=1e2");
        for (String path : customerReads) {
            HttpResponse<String> response = api().getAsCustomer(customer, path);
            assertThat(response.statusCode()).as(path + ": " + response.body()).isBetween(400, 499);
        }
        for (String path : List.of(
                "/admin/orders?status=PENDING&page=2147483647&size=100",
                "/admin/orders?status=" + "P".repeat(HUGE / 10),
                "/admin/orders?status=PENDING&size=2147483647")) {
            HttpResponse<String> response = api().get(path, admin);
            assertThat(response.statusCode()).as(path + ": " + response.body()).isBetween(400, 499);
        }
        for (String token : List.of("-1", "18446744073709551616", "0x10", " 1 2 ")) {
            HttpResponse<String> response = api().getAsCustomer(customer, "/orders", "Consistency-Token", token);
            assertThat(response.statusCode()).as("Consistency-Token " + token).isEqualTo(400);
        }
    }
}
