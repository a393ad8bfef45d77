package dev.patternshop.order.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.patternshop.order.order.PricingUnavailable;
import dev.patternshop.order.order.ProductPrices.PricedProduct;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

/**
 * The pricing client on its own, against a loopback HTTP server that answers like the catalog's
 * {@code GET /products/{id}} (the order service's ITs price against the real catalog). Shows the two
 * properties a slow catalog makes visible: items are priced at once, and the whole order has one deadline.
 */
class CatalogProductPricesTest {

    private static final long UNKNOWN_FROM = 1_000;

    private HttpServer server;
    private CatalogProductPrices prices;

    @AfterEach
    void stop() {
        if (prices != null) {
            prices.close();
        }
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void pricesEveryItemOfAnOrderAtOnce() throws IOException {
        int items = 8;
        // The catalog answers no call until all of them have arrived: priced one by one, the first call
        // would wait out the rendezvous and the order would miss its deadline.
        CountDownLatch allArrived = new CountDownLatch(items);
        startCatalog(exchange -> {
            allArrived.countDown();
            await(allArrived);
        }, Duration.ofSeconds(20));

        Map<Long, PricedProduct> priced = prices.findAll(LongStream.rangeClosed(1, items).boxed().toList());

        assertThat(priced).hasSize(items);
        assertThat(priced.get(3L).unitPriceMinor()).isEqualTo(300);
        assertThat(priced.get(3L).sku()).isEqualTo("SKU-3");
    }

    @Test
    void productsTheCatalogDoesNotKnowAreAbsentFromTheAnswer() throws IOException {
        startCatalog(exchange -> { }, Duration.ofSeconds(5));

        Map<Long, PricedProduct> priced = prices.findAll(List.of(5L, UNKNOWN_FROM + 1, 6L));

        assertThat(priced).containsOnlyKeys(5L, 6L);
    }

    @Test
    void aCatalogThatCannotPriceTheWholeOrderInTimeMakesItUnavailable() throws IOException {
        CountDownLatch never = new CountDownLatch(1);
        startCatalog(exchange -> {
            if (exchange.getRequestURI().getPath().endsWith("/13")) {
                await(never);
            }
        }, Duration.ofMillis(300));

        assertThatThrownBy(() -> prices.findAll(List.of(12L, 13L, 14L)))
                .isInstanceOf(PricingUnavailable.class)
                .hasMessageContaining("within 300 ms");
        never.countDown();
    }

    private void startCatalog(Handler beforeAnswer, Duration deadline) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/products/", exchange -> {
            beforeAnswer.handle(exchange);
            long id = Long.parseLong(exchange.getRequestURI().getPath().substring("/products/".length()));
            if (id >= UNKNOWN_FROM) {
                exchange.sendResponseHeaders(404, -1);
                exchange.close();
                return;
            }
            byte[] body = ("{\"id\":%d,\"sku\":\"SKU-%d\",\"name\":\"Product %d\",\"price\":{\"amountMinor\":%d,"
                    + "\"currency\":\"EUR\"}}").formatted(id, id, id, id * 100).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();

        JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory(HttpClient.newHttpClient());
        requests.setReadTimeout(Duration.ofSeconds(30));
        RestClient client = RestClient.builder()
                .baseUrl("http://127.0.0.1:" + server.getAddress().getPort())
                .requestFactory(requests)
                .build();
        prices = new CatalogProductPrices(client, CircuitBreaker.ofDefaults("catalog"),
                Retry.of("catalog", RetryConfig.custom().maxAttempts(1).build()), deadline);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @FunctionalInterface
    private interface Handler {
        void handle(HttpExchange exchange) throws IOException;
    }
}
