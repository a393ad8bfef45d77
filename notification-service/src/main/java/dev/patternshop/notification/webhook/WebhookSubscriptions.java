package dev.patternshop.notification.webhook;

import dev.patternshop.notification.notice.OrderNotice;
import dev.patternshop.servicedefaults.InvalidRequest;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.UUID;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What customers and admins do with webhooks: register (checked, then stored with a new secret), list, delete, read
 * a delivery log; list dead deliveries and replay one. The public surface of the feature; the web adapter calls only
 * this.
 */
public class WebhookSubscriptions {

    private final WebhookStore store;
    private final DestinationPolicy policy;
    private final WebhookSettings settings;
    private final TransactionTemplate transactions;
    private final CircuitBreakerRegistry breakers;
    private final Clock clock;

    WebhookSubscriptions(
            WebhookStore store,
            DestinationPolicy policy,
            WebhookSettings settings,
            TransactionTemplate transactions,
            CircuitBreakerRegistry breakers,
            Clock clock) {
        this.store = store;
        this.policy = policy;
        this.settings = settings;
        this.transactions = transactions;
        this.breakers = breakers;
        this.clock = clock;
    }

    /** A customer's request to subscribe; {@code events} are notice types ({@link OrderNotice#TYPES}). */
    public record Register(String customerId, String url, List<String> events) {}

    /**
     * Checks the request (400 {@link InvalidRequest}, 422 {@link UnsafeWebhookUrl} or {@link TooManySubscriptions}),
     * then stores the subscription with a new secret. Nothing is written when a check fails.
     */
    public Subscription register(Register request) {
        String url = request.url();
        if (url == null || url.isBlank()) {
            throw new InvalidRequest("url", "is required");
        }
        if (url.length() > settings.maxUrlLength()) {
            throw new InvalidRequest("url", "must be at most " + settings.maxUrlLength() + " characters");
        }
        List<String> events = events(request.events());
        policy.check(url);
        Subscription subscription = new Subscription(
                UUID.randomUUID(), request.customerId(), url, events, WebhookSignature.newSecret(), now());
        transactions.executeWithoutResult(status -> {
            store.lockCustomer(request.customerId());
            if (store.countActive(request.customerId()) >= settings.maxSubscriptionsPerCustomer()) {
                throw new TooManySubscriptions(settings.maxSubscriptionsPerCustomer());
            }
            store.insert(subscription);
        });
        return subscription;
    }

    public List<Subscription> of(String customerId) {
        return store.active(customerId);
    }

    public List<Subscription> all() {
        return store.allActive(settings.logLimit());
    }

    /** Deletes one of the customer's subscriptions; another customer's is {@link SubscriptionNotFound}. */
    public void delete(String customerId, UUID id) {
        Boolean deleted = transactions.execute(status -> store.delete(customerId, id, now()));
        if (!Boolean.TRUE.equals(deleted)) {
            throw new SubscriptionNotFound(id);
        }
        // Its breaker (and the breaker's meters) go with it: breakers stay bounded by the active subscriptions.
        breakers.remove(WebhookSender.breakerName(id));
    }

    /** The newest deliveries of one of the customer's subscriptions, each with its attempts. */
    public List<Delivery> deliveries(String customerId, UUID subscriptionId) {
        store.activeOf(customerId, subscriptionId).orElseThrow(() -> new SubscriptionNotFound(subscriptionId));
        return store.deliveriesOf(subscriptionId, settings.logLimit());
    }

    public List<Delivery> deliveriesIn(Delivery.Status status) {
        return store.deliveriesIn(status, settings.logLimit());
    }

    /** A DEAD delivery becomes PENDING now, with a new round of attempts; its log keeps the old ones. */
    public void replay(UUID deliveryId) {
        Boolean replayed = transactions.execute(status -> store.replay(deliveryId, now()));
        if (!Boolean.TRUE.equals(replayed)) {
            throw store.statusOf(deliveryId)
                    .<RuntimeException>map(status -> new DeliveryNotReplayable(deliveryId, status))
                    .orElseGet(() -> new DeliveryNotFound(deliveryId));
        }
    }

    private static List<String> events(List<String> requested) {
        if (requested == null || requested.isEmpty()) {
            throw new InvalidRequest("events", "must name at least one of " + OrderNotice.TYPES);
        }
        LinkedHashSet<String> events = new LinkedHashSet<>();
        for (int i = 0; i < requested.size(); i++) {
            String type = requested.get(i);
            if (!OrderNotice.TYPES.contains(type)) {
                throw new InvalidRequest("events[" + i + "]", "must be one of " + OrderNotice.TYPES);
            }
            events.add(type);
        }
        return List.copyOf(events);
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    /** The customer has as many active subscriptions as one may have. */
    public static class TooManySubscriptions extends RuntimeException {
        public TooManySubscriptions(int max) {
            super("a customer may have at most " + max + " webhook subscriptions; delete one first");
        }
    }

    /** No such subscription of this customer (another customer's is not found either). */
    public static class SubscriptionNotFound extends RuntimeException {
        public SubscriptionNotFound(UUID id) {
            super("no webhook subscription " + id);
        }
    }

    public static class DeliveryNotFound extends RuntimeException {
        public DeliveryNotFound(UUID id) {
            super("no webhook delivery " + id);
        }
    }

    /** Only a DEAD delivery of a subscription still active can be replayed. */
    public static class DeliveryNotReplayable extends RuntimeException {
        public DeliveryNotReplayable(UUID id, Delivery.Status status) {
            super("webhook delivery " + id + " is " + status
                    + "; only a DEAD delivery of an active subscription can be replayed");
        }
    }
}
