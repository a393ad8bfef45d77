package dev.patternshop.notification.webhook;

import dev.patternshop.notification.notice.NoticeSink;
import dev.patternshop.notification.notice.OrderNotice;
import java.time.Clock;
import java.util.UUID;
import tools.jackson.databind.json.JsonMapper;

/**
 * The webhook side of every order notice: one PENDING delivery per active subscription of the notice's customer that
 * asked for its type, written in the inbox's transaction (so a notice is either fully fanned out and marked handled,
 * or neither). The payload is fixed here, so every attempt sends the same bytes. Only the customer's own
 * subscriptions are matched, and the payload carries no customer data beyond the order itself.
 */
class WebhookFanOut implements NoticeSink {

    private final WebhookStore store;
    private final JsonMapper json;
    private final Clock clock;

    WebhookFanOut(WebhookStore store, JsonMapper json, Clock clock) {
        this.store = store;
        this.json = json;
        this.clock = clock;
    }

    @Override
    public void accept(OrderNotice notice) {
        for (UUID subscription : store.matching(notice.customerId(), notice.type())) {
            UUID deliveryId = UUID.randomUUID();
            // A redelivered event (the inbox already dedupes; this holds even without it) inserts nothing.
            store.insertDelivery(
                    deliveryId,
                    subscription,
                    notice.eventId(),
                    notice.type(),
                    json.writeValueAsString(WebhookPayload.of(deliveryId, notice)),
                    clock.instant());
        }
    }
}
