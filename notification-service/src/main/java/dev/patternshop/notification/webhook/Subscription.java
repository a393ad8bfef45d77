package dev.patternshop.notification.webhook;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A customer's webhook: where to send which notice types. The secret leaves the service once, at creation: a
 * subscription read back from the store has none (null); the store keeps it sealed ({@link WebhookSecretCipher}).
 */
public record Subscription(
        UUID id, String customerId, String url, List<String> events, String secret, Instant createdAt) {

    public Subscription {
        events = List.copyOf(events);
    }
}
