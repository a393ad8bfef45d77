package dev.patternshop.outbox;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * A service's outbox settings as it binds them, under its own prefix ({@code orders.outbox.*},
 * {@code inventory.outbox.*}): whether its relays run, and the {@link OutboxSettings} they run with (see there for
 * what each does). One record for every service, nested in the service's settings:
 *
 * <pre>{@code
 * @Validated
 * @ConfigurationProperties("inventory")
 * public record InventoryOutboxSettings(@Valid @DefaultValue OutboxProperties outbox) {}
 * }</pre>
 *
 * The broker is not one of them: like every service, the relays publish to {@code spring.kafka.bootstrap-servers}.
 */
public record OutboxProperties(
        @DefaultValue("true") boolean relayEnabled,

        // The safety net only: commits wake the leader (LISTEN/NOTIFY); see OutboxSettings.
        @NotNull @DurationMin(millis = 1) @DefaultValue("1s")
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
