package dev.patternshop.payment.messaging;

import dev.patternshop.outbox.OutboxProperties;
import dev.patternshop.outbox.OutboxSettings;
import jakarta.validation.Valid;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/** The payment service's outbox relay settings, {@code payment.outbox.*} (the outbox library's {@link OutboxProperties}). */
@Validated
@ConfigurationProperties("payment")
public record PaymentOutboxSettings(@Valid @DefaultValue OutboxProperties outbox) {

    public boolean relayEnabled() {
        return outbox.relayEnabled();
    }

    public OutboxSettings relay() {
        return outbox.relay();
    }
}
