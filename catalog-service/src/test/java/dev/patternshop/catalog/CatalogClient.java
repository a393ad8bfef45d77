package dev.patternshop.catalog;

import dev.patternshop.testsupport.security.TestTokens;
import dev.patternshop.testsupport.web.TestHttpClient;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The catalog's API over {@link TestHttpClient}, so tests see exactly what a user's client sees. Calls to
 * {@code /admin/**} carry an ADMIN token unless the caller sets its own Authorization header.
 */
public final class CatalogClient {

    private static final AtomicLong SKUS = new AtomicLong(System.nanoTime() % 1_000_000);

    private final TestHttpClient http;

    public CatalogClient(int port) {
        this.http = TestHttpClient.onPort(port);
    }

    public HttpResponse<String> get(String path, String... headers) {
        return http.get(path, withAdminToken(path, headers));
    }

    public HttpResponse<String> post(String path, String json, String... headers) {
        return http.post(path, json, withAdminToken(path, headers));
    }

    public HttpResponse<String> put(String path, String json, String... headers) {
        return http.put(path, json, withAdminToken(path, headers));
    }

    public HttpResponse<String> delete(String path, String... headers) {
        return http.delete(path, withAdminToken(path, headers));
    }

    /** A valid product body with a fresh SKU. */
    public static String productJson(String name, long priceMinor) {
        return productJson("T-" + SKUS.incrementAndGet(), name, priceMinor, null);
    }

    public static String productJson(String sku, String name, long priceMinor, Long version) {
        List<String> fields = new ArrayList<>(List.of(
                "\"sku\":\"" + sku + "\"",
                "\"name\":\"" + name + "\"",
                "\"description\":\"made for a test\"",
                "\"category\":\"test-fixtures\"",
                "\"price\":{\"amountMinor\":" + priceMinor + ",\"currency\":\"EUR\"}",
                "\"attributes\":{\"color\":\"red\"}"));
        if (version != null) {
            fields.add("\"version\":" + version);
        }
        return "{" + String.join(",", fields) + "}";
    }

    private static String[] withAdminToken(String path, String... headers) {
        for (int i = 0; i < headers.length; i += 2) {
            if (headers[i].equalsIgnoreCase("Authorization")) {
                return headers;
            }
        }
        if (!path.startsWith("/admin")) {
            return headers;
        }
        String[] withToken = Arrays.copyOf(headers, headers.length + 2);
        withToken[headers.length] = "Authorization";
        withToken[headers.length + 1] = TestTokens.bearer(TestTokens.shared().admin("catalog-test-admin"));
        return withToken;
    }
}
