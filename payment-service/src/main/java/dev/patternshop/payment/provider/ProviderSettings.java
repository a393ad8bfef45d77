package dev.patternshop.payment.provider;

import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How the service reaches the external payment provider. Bulkhead, retry and circuit breaker live under
 * {@code resilience4j.*.instances.payment-provider} in application.yml.
 *
 * @param url            the provider's base URL (the runtime passes {@code PATTERNSHOP_PAYMENT_PROVIDER_URL})
 * @param connectTimeout how long to wait for a connection
 * @param readTimeout    how long one attempt waits for the answer: the time limit per call. A slower answer is a
 *                       failed attempt, retried with the same idempotency key
 */
@Validated
@ConfigurationProperties("payment.provider")
public record ProviderSettings(
        @NotNull URI url,

        @NotNull @DurationMin(millis = 1) @DefaultValue("500ms")
        Duration connectTimeout,

        @NotNull @DurationMin(millis = 1) @DefaultValue("2s")
        Duration readTimeout) {}
