package dev.patternshop.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.patternshop.infra.embedded.Ports;
import dev.patternshop.testsupport.RealInfrastructure;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The live-stream route: a Server-Sent Events stream through the gateway stays open while quiet for longer than any
 * other route may wait for an answer, and its events reach the client as the service writes them (not when the stream
 * ends), while the token check and the stream's own rate limit still apply on connect. A small HTTP server plays the notification service: it writes one event,
 * then waits for the test before it writes the next, and it has a path that never answers in time.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            // Every call on every route must start its answer within 1 s (the HTTP client's response timeout); the
            // breaker's time limit comes later. Neither may cut a stream that started in time.
            "spring.cloud.gateway.server.webflux.httpclient.response-timeout=1s",
            "resilience4j.timelimiter.configs.default.timeout-duration=2s"
        })
@RealInfrastructure(redis = true)
class GatewayStreamingIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final long UPSTREAM_WAIT_SECONDS = 60;

    static final NotificationService NOTIFICATIONS = new NotificationService();

    @DynamicPropertySource
    static void instances(DynamicPropertyRegistry registry) {
        registry.add(
                "spring.cloud.discovery.client.simple.instances.notification-service[0].uri", NOTIFICATIONS::baseUrl);
    }

    @AfterAll
    static void stopUpstream() {
        NOTIFICATIONS.stop();
    }

    @Value("${local.server.port}")
    int port;

    EdgeClient edge;
    HttpClient http;

    @BeforeEach
    void setUp() {
        NOTIFICATIONS.reset();
        edge = new EdgeClient(port);
        http = HttpClient.newHttpClient();
    }

    @AfterEach
    void tearDown() {
        NOTIFICATIONS.releaseAll();
        http.shutdownNow();
    }

    @Test
    void aQuietStreamOutlivesTheTimeoutOfOtherRoutesAndDeliversEachEventAsItComes() throws Exception {
        String alice = EdgeClient.bearer(edge.tokenFor(EdgeClient.ALICE));
        List<String> lines = new CopyOnWriteArrayList<>();

        HttpResponse<Stream<String>> stream = http.send(
                HttpRequest.newBuilder(URI.create(edge.url("/api/notifications/events/stream")))
                        .header("Accept", "text/event-stream")
                        .header("Authorization", alice)
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofLines());
        Thread.ofVirtual().start(() -> {
            try (Stream<String> body = stream.body()) {
                body.forEach(lines::add);
            } catch (RuntimeException closed) {
                // The test shut the client down.
            }
        });

        assertThat(stream.statusCode()).isEqualTo(200);
        assertThat(stream.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("text/event-stream"));
        // The first event arrives while the service still holds the stream open: nothing waits for the end.
        await().atMost(WAIT).until(() -> lines.contains("data: {\"status\":\"PENDING\"}"));

        // A request on the ordinary notifications route that the service does not answer: cut after 1 s.
        HttpResponse<String> slow = edge.get("/api/notifications/slow", "Authorization", alice);
        assertThat(slow.statusCode()).isEqualTo(503);

        // The stream has now been quiet for longer than that; the service writes its second event.
        NOTIFICATIONS.secondEvent.countDown();
        await().atMost(WAIT).until(() -> lines.contains("data: {\"status\":\"CONFIRMED\"}"));

        assertThat(lines).containsSubsequence("id: 1", "data: {\"status\":\"PENDING\"}", "id: 2");
        assertThat(NOTIFICATIONS.streamRequests)
                .as("the token relayed as it came")
                .containsExactly(alice);
        assertThat(stream.headers().firstValue("RateLimit-Policy"))
                .as("the stream's own rate limit applies on connect")
                .hasValueSatisfying(policy -> assertThat(policy).startsWith("5;"));
    }

    @Test
    void aStreamWithoutATokenIsRefusedAtTheEdge() {
        HttpResponse<String> response = edge.get("/api/notifications/events/stream", "Accept", "text/event-stream");

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(NOTIFICATIONS.streamRequests).isEmpty();
    }

    /** Plays the notification service: readiness, a stream of two events, and a path that never answers in time. */
    static final class NotificationService {

        private final HttpServer server;
        final List<String> streamRequests = new CopyOnWriteArrayList<>();
        volatile CountDownLatch secondEvent = new CountDownLatch(1);
        volatile CountDownLatch slowAnswer = new CountDownLatch(1);

        NotificationService() {
            try {
                server = HttpServer.create(new InetSocketAddress("127.0.0.1", Ports.free()), 0);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
            server.createContext(WireMockBackends.READINESS, exchange -> answer(exchange, 200, "{\"status\":\"UP\"}"));
            server.createContext("/events/stream", this::stream);
            server.createContext("/slow", exchange -> {
                await(slowAnswer);
                answer(exchange, 200, "late");
            });
            server.start();
        }

        String baseUrl() {
            return "http://127.0.0.1:" + server.getAddress().getPort();
        }

        void reset() {
            streamRequests.clear();
            secondEvent = new CountDownLatch(1);
            slowAnswer = new CountDownLatch(1);
        }

        void releaseAll() {
            secondEvent.countDown();
            slowAnswer.countDown();
        }

        void stop() {
            releaseAll();
            server.stop(0);
        }

        private void stream(HttpExchange exchange) throws IOException {
            streamRequests.add(exchange.getRequestHeaders().getFirst("Authorization"));
            exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream body = exchange.getResponseBody()) {
                write(body, "retry: 3000\n\nid: 1\nevent: order.placed\ndata: {\"status\":\"PENDING\"}\n\n");
                await(secondEvent);
                write(body, "id: 2\nevent: order.confirmed\ndata: {\"status\":\"CONFIRMED\"}\n\n");
            }
        }

        private static void write(OutputStream body, String text) throws IOException {
            body.write(text.getBytes(StandardCharsets.UTF_8));
            body.flush();
        }

        private static void await(CountDownLatch latch) {
            try {
                latch.await(UPSTREAM_WAIT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private static void answer(HttpExchange exchange, int status, String text) throws IOException {
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream body = exchange.getResponseBody()) {
                body.write(bytes);
            }
        }
    }
}
