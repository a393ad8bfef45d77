package dev.patternshop.order.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.patternshop.order.domain.PricingUnavailable;
import dev.patternshop.order.domain.ProductPrices.PricedProduct;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

/**
 * The pricing client on its own, against a loopback HTTP server that answers like the catalog (both
 * {@code GET /products/batch?ids=...} and {@code GET /products/{id}}, counting every request; the order service's
 * ITs price against the real catalog). Shows one catalog call per order and one deadline for the whole order.
 */
class CatalogProductPricesTest {

    private static final long UNKNOWN_FROM = 1_000;
    private static final int LARGEST_ORDER = 50;

    private final AtomicInteger requests = new AtomicInteger();
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
    void aFiftyLineOrderIsPricedWithExactlyOneCatalogCall() throws IOException {
        startCatalog(exchange -> {}, Duration.ofSeconds(20));

        Map<Long, PricedProduct> priced =
                prices.findAll(LongStream.rangeClosed(1, LARGEST_ORDER).boxed().toList());

        assertThat(requests).as("catalog requests for one order").hasValue(1);
        assertThat(priced).hasSize(LARGEST_ORDER);
        assertThat(priced.get(3L).unitPriceMinor()).isEqualTo(300);
        assertThat(priced.get(3L).sku()).isEqualTo("SKU-3");
    }

    @Test
    void productsTheCatalogDoesNotKnowAreAbsentFromTheAnswer() throws IOException {
        startCatalog(exchange -> {}, Duration.ofSeconds(5));

        Map<Long, PricedProduct> priced = prices.findAll(List.of(5L, UNKNOWN_FROM + 1, 6L));

        assertThat(priced).containsOnlyKeys(5L, 6L);
    }

    @Test
    void aCatalogThatCannotPriceTheWholeOrderInTimeMakesItUnavailable() throws IOException {
        CountDownLatch never = new CountDownLatch(1);
        startCatalog(exchange -> await(never), Duration.ofMillis(300));

        assertThatThrownBy(() -> prices.findAll(List.of(12L, 13L, 14L)))
                .isInstanceOf(PricingUnavailable.class)
                .hasMessageContaining("within 300 ms");
        never.countDown();
    }

    private void startCatalog(Handler beforeAnswer, Duration deadline) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/products/", exchange -> {
            requests.incrementAndGet();
            beforeAnswer.handle(exchange);
            String path = exchange.getRequestURI().getPath();
            String body;
            if (path.equals("/products/batch")) {
                String ids = exchange.getRequestURI().getQuery().substring("ids=".length());
                body = Arrays.stream(ids.split(","))
                        .map(Long::parseLong)
                        .filter(id -> id < UNKNOWN_FROM)
                        .map(CatalogProductPricesTest::product)
                        .collect(Collectors.joining(",", "{\"products\":[", "]}"));
            } else {
                long id = Long.parseLong(path.substring("/products/".length()));
                if (id >= UNKNOWN_FROM) {
                    exchange.sendResponseHeaders(404, -1);
                    exchange.close();
                    return;
                }
                body = product(id);
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();

        JdkClientHttpRequestFactory requestFactory = new JdkClientHttpRequestFactory(HttpClient.newHttpClient());
        requestFactory.setReadTimeout(Duration.ofSeconds(30));
        RestClient client = RestClient.builder()
                .baseUrl("http://127.0.0.1:" + server.getAddress().getPort())
                .requestFactory(requestFactory)
                .build();
        prices = new CatalogProductPrices(
                client,
                CircuitBreaker.ofDefaults("catalog"),
                Retry.of("catalog", RetryConfig.custom().maxAttempts(1).build()),
                deadline);
    }

    private static String product(long id) {
        return ("{\"id\":%d,\"sku\":\"SKU-%d\",\"name\":\"Product %d\",\"price\":{\"amountMinor\":%d,"
                        + "\"currency\":\"EUR\"}}")
                .formatted(id, id, id, id * 100);
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
