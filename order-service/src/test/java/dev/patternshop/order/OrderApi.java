package dev.patternshop.order;

import dev.patternshop.testsupport.security.TestTokens;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A plain HTTP client for the order API, so tests see exactly what a user's client sees. */
final class OrderApi {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final int port;

    OrderApi(int port) {
        this.port = port;
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
        return "{\"items\":[" + Stream.iterate(0, i -> i < productAndQuantity.length, i -> i + 2)
                .map(i -> "{\"productId\":" + productAndQuantity[i] + ",\"quantity\":" + productAndQuantity[i + 1] + "}")
                .collect(Collectors.joining(",")) + "]}";
    }

    HttpResponse<String> place(String customer, String idempotencyKey, String body) {
        return place(customer, idempotencyKey, body, null);
    }

    /** @param timeout how long the client waits for the answer (null: as long as it takes) */
    HttpResponse<String> place(String customer, String idempotencyKey, String body, Duration timeout) {
        HttpRequest.Builder request = request("/orders", TestTokens.shared().customer(customer))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        if (timeout != null) {
            request.timeout(timeout);
        }
        return send(request);
    }

    HttpResponse<String> get(String path, String token, String... headers) {
        HttpRequest.Builder request = request(path, token).GET();
        if (headers.length > 0) {
            request.headers(headers);
        }
        return send(request);
    }

    HttpResponse<String> getAsCustomer(String customer, String path, String... headers) {
        return get(path, TestTokens.shared().customer(customer), headers);
    }

    static JsonNode json(HttpResponse<String> response) {
        return JSON.readTree(response.body());
    }

    private HttpRequest.Builder request(String path, String token) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", TestTokens.bearer(token));
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
