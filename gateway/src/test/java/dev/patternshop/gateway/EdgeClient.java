package dev.patternshop.gateway;

import dev.patternshop.testsupport.web.TestHttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import tools.jackson.databind.json.JsonMapper;

/** What a client of the gateway sees: plain HTTP on 127.0.0.1 ({@link TestHttpClient}), and the demo users' logins. */
final class EdgeClient {

    static final String ALICE = "alice";
    static final String ALICE_ID = "3f1c9a52-7d1e-4c1b-9a57-1a2b3c4d5e01";
    static final String BOB = "bob";
    static final String ADMIN = "admin";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final TestHttpClient http;

    EdgeClient(int port) {
        this.http = TestHttpClient.onPort(port);
    }

    /** The demo password of a demo user (the README lists them). */
    static String passwordOf(String username) {
        return username + "-pass";
    }

    /** Logs a demo user in and returns the access token. */
    String tokenFor(String username) {
        HttpResponse<String> response = post(
                "/auth/token", "{\"username\":\"" + username + "\",\"password\":\"" + passwordOf(username) + "\"}");
        if (response.statusCode() != 200) {
            throw new IllegalStateException(
                    "login of " + username + " failed: " + response.statusCode() + " " + response.body());
        }
        return JSON.readTree(response.body()).get("access_token").asString();
    }

    static String bearer(String token) {
        return "Bearer " + token;
    }

    HttpResponse<String> get(String path, String... headers) {
        return http.get(path, headers);
    }

    HttpResponse<String> post(String path, String json, String... headers) {
        return http.post(path, json, headers);
    }

    HttpRequest.Builder request(String path, String... headers) {
        return http.request(path, headers);
    }

    String url(String path) {
        return http.url(path);
    }

    static HttpResponse<String> send(HttpRequest.Builder request) {
        return TestHttpClient.send(request);
    }
}
