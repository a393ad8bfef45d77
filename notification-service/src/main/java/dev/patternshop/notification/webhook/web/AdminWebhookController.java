package dev.patternshop.notification.webhook.web;

import dev.patternshop.notification.webhook.Delivery;
import dev.patternshop.notification.webhook.WebhookSubscriptions;
import dev.patternshop.servicedefaults.InvalidRequest;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * ADMIN only (service-defaults' resource server guards {@code /admin/**}). {@code GET /admin/webhooks} the newest active
 * subscriptions (no secrets); {@code GET /admin/webhook-deliveries?status=DEAD} the dead letters (or any status), each
 * with its attempts; {@code POST /admin/webhook-deliveries/{id}/replay} sends a DEAD one again (202; not DEAD: 409).
 */
@Tag(name = "admin", description = "ADMIN: every subscription, dead deliveries, replay.")
@RestController
@RequestMapping("/admin")
class AdminWebhookController {

    private final WebhookSubscriptions subscriptions;

    AdminWebhookController(WebhookSubscriptions subscriptions) {
        this.subscriptions = subscriptions;
    }

    @GetMapping("/webhooks")
    List<SubscriptionView> all() {
        return subscriptions.all().stream().map(SubscriptionView::of).toList();
    }

    @GetMapping("/webhook-deliveries")
    List<Delivery> deliveries(@RequestParam(defaultValue = "DEAD") String status) {
        return subscriptions.deliveriesIn(status(status));
    }

    @PostMapping("/webhook-deliveries/{id}/replay")
    ResponseEntity<Void> replay(@PathVariable UUID id) {
        subscriptions.replay(id);
        return ResponseEntity.accepted().build();
    }

    private static Delivery.Status status(String status) {
        return Arrays.stream(Delivery.Status.values())
                .filter(value -> value.name().equals(status))
                .findFirst()
                .orElseThrow(() ->
                        new InvalidRequest("status", "must be one of " + Arrays.toString(Delivery.Status.values())));
    }
}
