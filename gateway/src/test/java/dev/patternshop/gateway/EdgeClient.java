package dev.patternshop.gateway;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import tools.jackson.databind.json.JsonMapper;

/** What a client of the gateway sees: plain HTTP on 127.0.0.1, and the demo users' logins. */
final class EdgeClient {

    static final String ALICE = "alice";
    static final String ALICE_ID = "3f1c9a52-7d1e-4c1b-9a57-1a2b3c4d5e01";
    static final String BOB = "bob";
    static final String ADMIN = "admin";

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final int port;

    EdgeClient(int port) {
        this.port = port;
    }

    /** The demo password of a demo user (the README lists them). */
    static String passwordOf(String username) {
        return username + "-pass";
    }

    /** Logs a demo user in and returns the access token. */
    String tokenFor(String username) {
        HttpResponse<String> response = post("/auth/token",
                "{\"username\":\"" + username + "\",\"password\":\"" + passwordOf(username) + "\"}");
        if (response.statusCode() != 200) {
            throw new IllegalStateException("login of " + username + " failed: " + response.statusCode() + " " + response.body());
        }
        return JSON.readTree(response.body()).get("access_token").asString();
    }

    static String bearer(String token) {
        return "Bearer " + token;
    }

    HttpResponse<String> get(String path, String... headers) {
        return send(request(path, headers).GET());
    }

    HttpResponse<String> post(String path, String json, String... headers) {
        return send(request(path, headers).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    HttpRequest.Builder request(String path, String... headers) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url(path)));
        for (int i = 0; i + 1 < headers.length; i += 2) {
            builder.header(headers[i], headers[i + 1]);
        }
        return builder;
    }

    String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    static HttpResponse<String> send(HttpRequest.Builder request) {
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
