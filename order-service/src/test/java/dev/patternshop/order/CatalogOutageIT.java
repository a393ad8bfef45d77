package dev.patternshop.order;

import static dev.patternshop.order.OrderApi.items;
import static dev.patternshop.order.OrderApi.key;
import static dev.patternshop.order.OrderApi.newCustomer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.patternshop.order.catalog.CatalogProductPrices;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The catalog goes away: placing fails fast with 503 + Retry-After and writes nothing, the breaker opens, a
 * retry of an order already accepted is still answered, and ordering resumes once the catalog is back.
 */
class CatalogOutageIT extends OrderServiceIntegrationTest {

    @Autowired
    CatalogProductPrices catalog;

    @AfterEach
    void catalogIsBack() {
        CatalogProcess.shared().ensureRunning();
    }

    @Test
    void withTheCatalogDownOrdersAreRefusedWith503AndNothingIsWrittenUntilItReturns() {
        String regular = newCustomer();
        String acceptedKey = key();
        HttpResponse<String> accepted = api().place(regular, acceptedKey, items(21, 1));
        assertThat(accepted.statusCode()).isEqualTo(202);

        CatalogProcess.shared().stop();

        // The breaker decides once it has seen 10 calls: the 11th and 12th attempts already meet it open.
        for (int attempt = 1; attempt <= 12; attempt++) {
            String customer = newCustomer();
            HttpResponse<String> refused = api().place(customer, key(), items(21, 1));

            assertThat(refused.statusCode())
                    .as("attempt %d: %s", attempt, refused.body())
                    .isEqualTo(503);
            PlaceOrderIT.assertProblem(refused, "catalog-unavailable");
            assertThat(refused.headers().firstValue("Retry-After"))
                    .hasValueSatisfying(
                            seconds -> assertThat(Integer.parseInt(seconds)).isPositive());
            assertThat(rowsWritten(customer))
                    .as("attempt %d wrote nothing", attempt)
                    .isZero();
        }
        assertThat(catalog.breakerState()).as("most recent calls failed").isEqualTo(CircuitBreaker.State.OPEN);

        HttpResponse<String> retried = api().place(regular, acceptedKey, items(21, 1));
        assertThat(retried.statusCode())
                .as("a retry is answered from its key, no pricing needed")
                .isEqualTo(202);
        assertThat(retried.body()).isEqualTo(accepted.body());

        CatalogProcess.shared().ensureRunning();

        String afterwards = newCustomer();
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> api().place(afterwards, key(), items(21, 1)).statusCode() == 202);
        // Half-open: a few probes decide; they succeed, so the breaker closes.
        for (int probe = 0; probe < 3; probe++) {
            assertThat(api().place(afterwards, key(), items(21, 1)).statusCode())
                    .isEqualTo(202);
        }
        assertThat(storedOrders(afterwards)).isEqualTo(4);
        assertThat(catalog.breakerState()).isEqualTo(CircuitBreaker.State.CLOSED);
    }
}
