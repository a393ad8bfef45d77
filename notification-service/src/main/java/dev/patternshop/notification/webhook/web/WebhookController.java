package dev.patternshop.notification.webhook.web;

import dev.patternshop.notification.webhook.Delivery;
import dev.patternshop.notification.webhook.Subscription;
import dev.patternshop.notification.webhook.WebhookSubscriptions;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * A customer's webhooks; the customer is the token's subject, so nobody sees or changes another's.
 * {@code POST /webhooks {"url", "events": [...]}} answers 201 with the secret (the only time it is shown);
 * {@code GET /webhooks} lists the caller's (no secrets); {@code DELETE /webhooks/{id}} 204 (someone else's: 404);
 * {@code GET /webhooks/{id}/deliveries} the delivery log: newest deliveries with every attempt.
 */
@Tag(name = "webhooks", description = "The caller's HMAC-signed webhooks and their delivery logs.")
@RestController
@RequestMapping("/webhooks")
class WebhookController {

    private final WebhookSubscriptions subscriptions;

    WebhookController(WebhookSubscriptions subscriptions) {
        this.subscriptions = subscriptions;
    }

    @PostMapping
    ResponseEntity<Created> register(@AuthenticationPrincipal Jwt caller, @RequestBody RegisterRequest request) {
        Subscription created = subscriptions.register(
                new WebhookSubscriptions.Register(caller.getSubject(), request.url(), request.events()));
        URI location = ServletUriComponentsBuilder.fromCurrentRequest()
                .path("/{id}")
                .buildAndExpand(created.id())
                .toUri();
        return ResponseEntity.created(location).body(Created.of(created));
    }

    @GetMapping
    List<SubscriptionView> mine(@AuthenticationPrincipal Jwt caller) {
        return subscriptions.of(caller.getSubject()).stream()
                .map(SubscriptionView::of)
                .toList();
    }

    @DeleteMapping("/{id}")
    ResponseEntity<Void> delete(@AuthenticationPrincipal Jwt caller, @PathVariable UUID id) {
        subscriptions.delete(caller.getSubject(), id);
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/{id}/deliveries")
    List<Delivery> deliveries(@AuthenticationPrincipal Jwt caller, @PathVariable UUID id) {
        return subscriptions.deliveries(caller.getSubject(), id);
    }

    record RegisterRequest(String url, List<String> events) {}

    /** The registration's answer: the one response that carries the secret. */
    record Created(UUID id, String url, List<String> events, String secret, Instant createdAt) {
        static Created of(Subscription subscription) {
            return new Created(
                    subscription.id(),
                    subscription.url(),
                    subscription.events(),
                    subscription.secret(),
                    subscription.createdAt());
        }
    }
}
