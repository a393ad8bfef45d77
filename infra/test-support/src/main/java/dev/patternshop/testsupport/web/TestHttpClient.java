package dev.patternshop.testsupport.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * What a well-behaved user's client sends, for tests: JDK HTTP to one base URL, bodies as text, headers as name and
 * value pairs ({@code "Authorization", bearer, "If-None-Match", etag}). Failures to connect are unchecked, so a test
 * reads as the requests it makes. For what no well-behaved client sends, use {@link RawHttp}.
 */
public final class TestHttpClient {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final String baseUrl;

    private TestHttpClient(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    /** A server on this machine: {@code http://127.0.0.1:<port>}. */
    public static TestHttpClient onPort(int port) {
        return at("http://127.0.0.1:" + port);
    }

    /** Any base URL, such as a gateway's, without a trailing slash. */
    public static TestHttpClient at(String baseUrl) {
        return new TestHttpClient(baseUrl);
    }

    public String url(String path) {
        return baseUrl + path;
    }

    public HttpResponse<String> get(String path, String... headers) {
        return send(request(path, headers).GET());
    }

    /** Posts {@code json} as application/json. */
    public HttpResponse<String> post(String path, String json, String... headers) {
        return send(request(path, headers)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    /** Puts {@code json} as application/json. */
    public HttpResponse<String> put(String path, String json, String... headers) {
        return send(request(path, headers)
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json)));
    }

    public HttpResponse<String> delete(String path, String... headers) {
        return send(request(path, headers).DELETE());
    }

    /** A request to shape further (a timeout, another method), then {@link #send(HttpRequest.Builder)}. */
    public HttpRequest.Builder request(String path, String... headers) {
        if (headers.length % 2 != 0) {
            throw new IllegalArgumentException("headers come in name and value pairs");
        }
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url(path)));
        for (int i = 0; i < headers.length; i += 2) {
            builder.header(headers[i], headers[i + 1]);
        }
        return builder;
    }

    /** Sends any request, to any URL, and reads the answer as text. */
    public static HttpResponse<String> send(HttpRequest.Builder request) {
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
