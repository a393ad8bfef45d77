package dev.patternshop.notification.webhook;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Sends one attempt of one delivery, and never throws: every end is an {@link AttemptOutcome}.
 *
 * <ol>
 *   <li>The URL is checked again ({@link DestinationPolicy}): its name may resolve somewhere internal by now.
 *   <li>The subscription's secret is opened ({@link WebhookSecretCipher}); one that does not open fails the attempt.
 *   <li>The subscription's endpoint's circuit breaker ({@code webhook:<subscription id>}, built from the YAML config
 *       {@value #BREAKER_CONFIG}) must let the call through: when a receiver keeps failing its breaker opens and
 *       attempts to it end at once ("breaker open") without a connection, so a dead receiver holds no worker thread
 *       and the others' deliveries go on.
 *   <li>POST of the stored JSON, signed, with the connect and request timeouts; HTTP/1.1; redirects are never
 *       followed (a 3xx is a failed attempt: a redirect could point inside the network).
 * </ol>
 * A 2xx is delivered. 5xx, 429, timeouts and I/O errors count against the endpoint's breaker; other answers (a 4xx)
 * show a receiver that is up, so they fail the attempt but not the breaker.
 */
class WebhookSender {

    static final String BREAKER_CONFIG = "webhook-endpoint";
    private static final String BREAKER_PREFIX = "webhook:";
    private static final int TOO_MANY_REQUESTS = 429;
    private static final int SERVER_ERRORS = 500;
    private static final int SUCCESS_FAMILY = 2;
    private static final int FAMILY_DIVISOR = 100;

    private final HttpClient http;
    private final DestinationPolicy policy;
    private final CircuitBreakerRegistry breakers;
    private final WebhookSecretCipher secrets;
    private final Duration requestTimeout;
    private final Clock clock;

    WebhookSender(
            HttpClient http,
            DestinationPolicy policy,
            CircuitBreakerRegistry breakers,
            WebhookSecretCipher secrets,
            Duration requestTimeout,
            Clock clock) {
        this.http = http;
        this.policy = policy;
        this.breakers = breakers;
        this.secrets = secrets;
        this.requestTimeout = requestTimeout;
        this.clock = clock;
    }

    AttemptOutcome send(DueDelivery delivery) {
        URI target;
        try {
            target = policy.check(delivery.url());
        } catch (UnsafeWebhookUrl unsafe) {
            return AttemptOutcome.failed("refused destination: " + unsafe.getMessage(), 0);
        }
        String secret;
        try {
            secret = secrets.open(delivery.subscriptionId(), delivery.sealedSecret());
        } catch (WebhookSecretCipher.SecretDoesNotOpen e) {
            return AttemptOutcome.failed(e.getMessage(), 0);
        }
        CircuitBreaker breaker = breakers.circuitBreaker(breakerName(delivery.subscriptionId()), BREAKER_CONFIG);
        if (!breaker.tryAcquirePermission()) {
            return AttemptOutcome.failed("breaker open for " + endpoint(target) + ": not sent", 0);
        }
        long timestamp = clock.instant().getEpochSecond();
        HttpRequest request = HttpRequest.newBuilder(target)
                .timeout(requestTimeout)
                .header("Content-Type", "application/json")
                .header(WebhookSignature.DELIVERY_HEADER, delivery.id().toString())
                .header(WebhookSignature.EVENT_HEADER, delivery.eventType())
                .header(WebhookSignature.TIMESTAMP_HEADER, Long.toString(timestamp))
                .header(WebhookSignature.SIGNATURE_HEADER, WebhookSignature.sign(secret, timestamp, delivery.payload()))
                .POST(HttpRequest.BodyPublishers.ofString(delivery.payload(), StandardCharsets.UTF_8))
                .build();
        long started = System.nanoTime();
        try {
            // The request timeout ends the wait for the answer's head; the body is never read (closed at once), so a
            // receiver that trickles an endless body holds nothing.
            HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            response.body().close();
            long elapsed = System.nanoTime() - started;
            int status = response.statusCode();
            if (status >= SERVER_ERRORS || status == TOO_MANY_REQUESTS) {
                breaker.onError(elapsed, TimeUnit.NANOSECONDS, new ReceiverFailed(status));
            } else {
                breaker.onSuccess(elapsed, TimeUnit.NANOSECONDS);
            }
            return AttemptOutcome.answered(status, millis(elapsed), status / FAMILY_DIVISOR == SUCCESS_FAMILY);
        } catch (HttpTimeoutException e) {
            long elapsed = System.nanoTime() - started;
            breaker.onError(elapsed, TimeUnit.NANOSECONDS, e);
            return AttemptOutcome.failed("timed out: " + e.getMessage(), millis(elapsed));
        } catch (IOException e) {
            long elapsed = System.nanoTime() - started;
            breaker.onError(elapsed, TimeUnit.NANOSECONDS, e);
            return AttemptOutcome.failed("could not reach the receiver: " + e, millis(elapsed));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            breaker.releasePermission();
            return AttemptOutcome.failed(
                    "interrupted while sending (shutting down)", millis(System.nanoTime() - started));
        }
    }

    /** Releases the client's connections and selector thread (the worker's stop, after the last attempt). */
    void close() {
        http.close();
    }

    /**
     * The breaker of one subscription's endpoint. Per subscription, not per host: a customer whose endpoint on a shared
     * host fails must not open the breaker of other customers on that host; removed with the subscription.
     */
    static String breakerName(java.util.UUID subscriptionId) {
        return BREAKER_PREFIX + subscriptionId;
    }

    /** The receiving host and port, as attempts' logs name it. */
    static String endpoint(URI target) {
        return target.getHost().toLowerCase(java.util.Locale.ROOT) + ":" + DestinationPolicy.port(target);
    }

    private static long millis(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }

    /** A 5xx or 429, as the breaker records it. */
    static final class ReceiverFailed extends RuntimeException {
        ReceiverFailed(int status) {
            super("the receiver answered " + status, null, false, false);
        }
    }
}
