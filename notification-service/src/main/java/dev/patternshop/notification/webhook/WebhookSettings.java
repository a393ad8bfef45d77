package dev.patternshop.notification.webhook;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.List;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Webhooks ({@code notification.webhooks.*} in application.yml). The circuit breaker per receiving endpoint is
 * configured by name under {@code resilience4j.circuitbreaker.configs.webhook-endpoint}.
 *
 * @param allowedHosts               {@code host} or {@code host:port} entries exempt from the internal-address check
 *                                   (the embedded runtime's demo receiver, a test receiver); empty in production
 * @param connectTimeout             how long one attempt waits for a connection
 * @param requestTimeout             how long one attempt waits for the answer after sending
 * @param maxAttempts                attempts in one round; then the delivery is DEAD (an admin may replay it)
 * @param initialBackoff             the wait after the first failed attempt
 * @param multiplier                 each further wait is this many times the one before ...
 * @param maxBackoff                 ... up to this
 * @param jitter                     each wait is randomized by +- this fraction, so receivers that failed together are
 *                                   not retried together
 * @param lease                      how long a claimed delivery is hidden from other workers while it is being sent;
 *                                   longer than connect + request timeout, so it is never sent twice at once
 * @param pollInterval               the pause between two looks for due deliveries when the last found none
 * @param batch                      deliveries claimed per look (one short transaction)
 * @param concurrency                deliveries in flight at once per instance (one virtual thread each)
 * @param maxSubscriptionsPerCustomer a customer's active subscriptions; one more is refused (422)
 * @param maxUrlLength               characters in a subscription's URL; longer is refused (400)
 * @param logLimit                   deliveries shown per delivery log or dead-letter list, newest first
 * @param secretKey                  32 random bytes, base64: the AES-256-GCM key that seals subscription secrets at
 *                                   rest ({@link WebhookSecretCipher})
 */
@Validated
@ConfigurationProperties("notification.webhooks")
public record WebhookSettings(
        @NotNull @DefaultValue List<String> allowedHosts,

        @NotNull @DurationMin(millis = 1) @DefaultValue("2s")
        Duration connectTimeout,

        @NotNull @DurationMin(millis = 1) @DefaultValue("5s")
        Duration requestTimeout,

        @Min(1) @DefaultValue("8") int maxAttempts,

        @NotNull @DurationMin(millis = 1) @DefaultValue("10s")
        Duration initialBackoff,

        @DecimalMin("1.0") @DefaultValue("3.0") double multiplier,

        @NotNull @DurationMin(millis = 1) @DefaultValue("1h")
        Duration maxBackoff,

        @DecimalMin("0.0") @DecimalMax("0.9") @DefaultValue("0.2")
        double jitter,

        @NotNull @DurationMin(millis = 1) @DefaultValue("30s")
        Duration lease,

        @NotNull @DurationMin(millis = 10) @DefaultValue("500ms")
        Duration pollInterval,

        @Min(1) @DefaultValue("50") int batch,
        @Min(1) @DefaultValue("16") int concurrency,
        @Min(1) @DefaultValue("10") int maxSubscriptionsPerCustomer,
        @Min(1) @DefaultValue("2000") int maxUrlLength,
        @Min(1) @DefaultValue("50") int logLimit,
        @NotBlank String secretKey) {

    public WebhookSettings {
        allowedHosts = List.copyOf(allowedHosts);
        if (connectTimeout != null
                && requestTimeout != null
                && lease != null
                && lease.compareTo(connectTimeout.plus(requestTimeout)) <= 0) {
            throw new IllegalArgumentException(
                    "notification.webhooks.lease must be longer than connect-timeout + request-timeout");
        }
    }

    /** The schedule of retries these settings describe. */
    public Backoff backoff() {
        return new Backoff(initialBackoff, multiplier, maxBackoff, jitter);
    }
}
