package dev.patternshop.notification.webhook;

import java.util.UUID;

/**
 * A delivery claimed by the worker, with what it needs to send it. The subscription's secret is as stored, sealed
 * ({@link WebhookSecretCipher}): the attempt opens it, so one that does not open fails that delivery's attempt, not
 * the worker's whole batch.
 */
record DueDelivery(
        UUID id,
        UUID subscriptionId,
        String eventType,
        String payload,
        int attempts,
        String url,
        String sealedSecret) {}
