package dev.patternshop.order;

import dev.patternshop.testsupport.security.TestTokens;
import dev.patternshop.testsupport.web.TestHttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The order API over {@link TestHttpClient}, so tests see exactly what a user's client sees. */
final class OrderApi {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final TestHttpClient http;

    OrderApi(int port) {
        this.http = TestHttpClient.onPort(port);
    }

    /** A new customer: its own id, hence its own shard and its own orders. */
    static String newCustomer() {
        return "customer-" + UUID.randomUUID();
    }

    static String key() {
        return UUID.randomUUID().toString();
    }

    /** {@code {"items":[{"productId":..,"quantity":..},...]}} from pairs of product id and quantity. */
    static String items(long... productAndQuantity) {
        return "{\"items\":["
                + Stream.iterate(0, i -> i < productAndQuantity.length, i -> i + 2)
                        .map(i -> "{\"productId\":" + productAndQuantity[i] + ",\"quantity\":"
                                + productAndQuantity[i + 1] + "}")
                        .collect(Collectors.joining(","))
                + "]}";
    }

    HttpResponse<String> place(String customer, String idempotencyKey, String body) {
        return place(customer, idempotencyKey, body, null);
    }

    /** @param timeout how long the client waits for the answer (null: as long as it takes) */
    HttpResponse<String> place(String customer, String idempotencyKey, String body, Duration timeout) {
        HttpRequest.Builder request = http.request(
                        "/orders", authorization(TestTokens.shared().customer(customer)))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        if (timeout != null) {
            request.timeout(timeout);
        }
        return TestHttpClient.send(request);
    }

    /** A placement inside the caller's trace: the W3C {@code traceparent} a gateway or a browser would send. */
    HttpResponse<String> placeInTrace(String customer, String idempotencyKey, String body, String traceparent) {
        return TestHttpClient.send(
                http.request("/orders", authorization(TestTokens.shared().customer(customer)))
                        .header("Content-Type", "application/json")
                        .header("Idempotency-Key", idempotencyKey)
                        .header("traceparent", traceparent)
                        .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    /** The customer cancels an order: {@code POST /orders/{id}/cancel}. */
    HttpResponse<String> cancel(String customer, String orderId) {
        return TestHttpClient.send(http.request(
                        "/orders/" + orderId + "/cancel",
                        authorization(TestTokens.shared().customer(customer)))
                .POST(HttpRequest.BodyPublishers.noBody()));
    }

    HttpResponse<String> get(String path, String token, String... headers) {
        String[] all = Arrays.copyOf(authorization(token), 2 + headers.length);
        System.arraycopy(headers, 0, all, 2, headers.length);
        return http.get(path, all);
    }

    HttpResponse<String> getAsCustomer(String customer, String path, String... headers) {
        return get(path, TestTokens.shared().customer(customer), headers);
    }

    static JsonNode json(HttpResponse<String> response) {
        return JSON.readTree(response.body());
    }

    private static String[] authorization(String token) {
        return new String[] {"Authorization", TestTokens.bearer(token)};
    }
}
