package dev.patternshop.payment.messaging;

import dev.patternshop.outbox.OutboxSettings;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The relays' settings ({@code payment.outbox.*}, see {@link OutboxSettings} for what each does). The broker is
 * not one of them: like every service, the relays publish to {@code spring.kafka.bootstrap-servers}, which the
 * runtime supplies.
 */
@Validated
@ConfigurationProperties("payment.outbox")
public record PaymentOutboxSettings(
        @DefaultValue("true") boolean relayEnabled,

        @NotNull @DurationMin(millis = 1) @DefaultValue("50ms")
        Duration pollInterval,

        @Min(1) @DefaultValue("200") int batchSize,

        @NotNull @DurationMin(millis = 1) @DefaultValue("1h")
        Duration retention,

        @NotNull @DurationMin(millis = 1) @DefaultValue("15s")
        Duration sendTimeout,

        @NotNull @DurationMin(millis = 1) @DefaultValue("1s")
        Duration takeoverInterval,

        @NotNull @DurationMin(millis = 300) @DefaultValue("6s")
        Duration lease,

        @Min(1) @DefaultValue("5") int maxAttempts,

        @NotNull @DurationMin(millis = 1) @DefaultValue("1m")
        Duration cleanupInterval) {

    public OutboxSettings relay() {
        return new OutboxSettings(
                pollInterval, batchSize, retention, sendTimeout, takeoverInterval, lease, maxAttempts, cleanupInterval);
    }
}
