package dev.patternshop.order.messaging;

import dev.patternshop.outbox.OutboxSettings;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The relays' settings ({@code orders.outbox.*}). The broker is not one of them: like every service, the relays
 * publish to {@code spring.kafka.bootstrap-servers}, which the runtime supplies.
 */
@ConfigurationProperties("orders.outbox")
public record OrderOutboxSettings(@DefaultValue("true") boolean relayEnabled,
                                  @DefaultValue("50ms") Duration pollInterval,
                                  @DefaultValue("200") int batchSize,
                                  @DefaultValue("1h") Duration retention,
                                  @DefaultValue("15s") Duration sendTimeout,
                                  @DefaultValue("1s") Duration takeoverInterval) {

    public OutboxSettings relay() {
        return new OutboxSettings(pollInterval, batchSize, retention, sendTimeout, takeoverInterval);
    }
}
