package dev.patternshop.notification.webhook;

import java.util.UUID;

/** A delivery claimed by the worker, with what it needs to send it. */
record DueDelivery(
        UUID id, UUID subscriptionId, String eventType, String payload, int attempts, String url, String secret) {}
