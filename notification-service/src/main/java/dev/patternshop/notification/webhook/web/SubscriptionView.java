package dev.patternshop.notification.webhook.web;

import dev.patternshop.notification.webhook.Subscription;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A subscription as lists show it: never the secret. */
record SubscriptionView(UUID id, String customerId, String url, List<String> events, Instant createdAt) {

    static SubscriptionView of(Subscription subscription) {
        return new SubscriptionView(
                subscription.id(),
                subscription.customerId(),
                subscription.url(),
                subscription.events(),
                subscription.createdAt());
    }
}
