package dev.patternshop.catalog;

import dev.patternshop.testsupport.security.TestTokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A plain HTTP client for the catalog's API, so tests see exactly what a user's client sees. Calls to
 * {@code /admin/**} carry an ADMIN token unless the caller sets its own Authorization header.
 */
public final class CatalogClient {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final AtomicLong SKUS = new AtomicLong(System.nanoTime() % 1_000_000);

    private final int port;

    public CatalogClient(int port) {
        this.port = port;
    }

    public HttpResponse<String> get(String path, String... headers) {
        return send(builder(path, headers).GET());
    }

    public HttpResponse<String> post(String path, String json, String... headers) {
        return send(builder(path, headers).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    public HttpResponse<String> put(String path, String json, String... headers) {
        return send(builder(path, headers).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json)));
    }

    public HttpResponse<String> delete(String path, String... headers) {
        return send(builder(path, headers).DELETE());
    }

    /** A valid product body with a fresh SKU. */
    public static String productJson(String name, long priceMinor) {
        return productJson("T-" + SKUS.incrementAndGet(), name, priceMinor, null);
    }

    public static String productJson(String sku, String name, long priceMinor, Long version) {
        List<String> fields = new ArrayList<>(List.of(
                "\"sku\":\"" + sku + "\"", "\"name\":\"" + name + "\"", "\"description\":\"made for a test\"",
                "\"category\":\"test-fixtures\"", "\"price\":{\"amountMinor\":" + priceMinor + ",\"currency\":\"EUR\"}",
                "\"attributes\":{\"color\":\"red\"}"));
        if (version != null) {
            fields.add("\"version\":" + version);
        }
        return "{" + String.join(",", fields) + "}";
    }

    private HttpRequest.Builder builder(String path, String... headers) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
        boolean authorized = false;
        for (int i = 0; i + 1 < headers.length; i += 2) {
            builder.header(headers[i], headers[i + 1]);
            authorized |= headers[i].equalsIgnoreCase("Authorization");
        }
        if (!authorized && path.startsWith("/admin")) {
            builder.header("Authorization", TestTokens.bearer(TestTokens.shared().admin("catalog-test-admin")));
        }
        return builder;
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
