package dev.patternshop.notification.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WebhookSenderTest {

    private final TestReceiver receiver = new TestReceiver();
    private final CircuitBreakerRegistry breakers = CircuitBreakerRegistry.of(java.util.Map.of(
            WebhookSender.BREAKER_CONFIG,
            CircuitBreakerConfig.custom()
                    .minimumNumberOfCalls(2)
                    .slidingWindowSize(2)
                    .build()));
    private final HttpClient http = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    @AfterEach
    void stop() {
        receiver.close();
        http.close();
    }

    private WebhookSender sender(List<String> allowed) {
        return new WebhookSender(
                http,
                new DestinationPolicy(HostResolver.system(), allowed),
                breakers,
                SECRETS,
                Duration.ofSeconds(5),
                Clock.systemUTC());
    }

    private static final UUID SUBSCRIPTION = UUID.randomUUID();
    private static final WebhookSecretCipher SECRETS = new WebhookSecretCipher(WebhookSecretCipherTest.newKey());

    /** A delivery of one subscription (the breaker is the subscription's). */
    private DueDelivery delivery(String url) {
        return delivery(SUBSCRIPTION, url);
    }

    private DueDelivery delivery(UUID subscription, String url) {
        return new DueDelivery(
                UUID.randomUUID(), subscription, "order.placed", "{}", 0, url, SECRETS.seal(subscription, "secret"));
    }

    @Test
    void aSecretThatDoesNotOpenFailsTheAttemptSendsNothingAndLeavesTheBreakerAlone() {
        WebhookSender sender = sender(List.of("127.0.0.1"));
        String sealedForAnother = SECRETS.seal(UUID.randomUUID(), "secret");

        AttemptOutcome outcome = sender.send(new DueDelivery(
                UUID.randomUUID(), SUBSCRIPTION, "order.placed", "{}", 0, receiver.url("/a"), sealedForAnother));

        assertThat(outcome.delivered()).isFalse();
        assertThat(outcome.error()).contains("does not open");
        assertThat(receiver.received()).isEmpty();
        assertThat(breakers.circuitBreaker(WebhookSender.breakerName(SUBSCRIPTION), WebhookSender.BREAKER_CONFIG)
                        .getMetrics()
                        .getNumberOfBufferedCalls())
                .isZero();
    }

    @Test
    void aFailingEndpointOpensItsBreakerAndThenNothingIsSentToIt() {
        receiver.answering(500);
        WebhookSender sender = sender(List.of("127.0.0.1"));

        assertThat(sender.send(delivery(receiver.url("/a"))).statusCode()).isEqualTo(500);
        assertThat(sender.send(delivery(receiver.url("/b"))).statusCode()).isEqualTo(500);
        AttemptOutcome refused = sender.send(delivery(receiver.url("/c")));

        assertThat(refused.delivered()).isFalse();
        assertThat(refused.statusCode()).isNull();
        assertThat(refused.error()).startsWith("breaker open");
        assertThat(receiver.received()).hasSize(2);
        assertThat(sender.send(delivery(UUID.randomUUID(), receiver.url("/d"))).statusCode())
                .as("another subscription on the same host has a breaker of its own")
                .isEqualTo(500);
    }

    @Test
    void aClientErrorShowsALiveReceiverAndLeavesTheBreakerClosed() {
        receiver.answering(404);
        WebhookSender sender = sender(List.of("127.0.0.1"));

        for (int i = 0; i < 3; i++) {
            assertThat(sender.send(delivery(receiver.url("/gone"))).statusCode())
                    .isEqualTo(404);
        }
        assertThat(receiver.received()).hasSize(3);
    }

    @Test
    void aLoopbackUrlIsRefusedBeforeAnythingIsSentWhenItIsNotAllowed() {
        AttemptOutcome refused = sender(List.of()).send(delivery(receiver.url("/hook")));

        assertThat(refused.error()).startsWith("refused destination").contains("loopback");
        assertThat(receiver.received()).isEmpty();
    }
}
