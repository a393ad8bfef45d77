package dev.patternshop.notification.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.patternshop.events.Envelope;
import dev.patternshop.events.Topics;
import dev.patternshop.events.order.v1.OrderCancelled;
import dev.patternshop.events.order.v1.OrderConfirmed;
import dev.patternshop.events.order.v1.OrderPlaced;
import dev.patternshop.notification.NotificationIntegrationTest;
import dev.patternshop.notification.webhook.ReceiverSignatureCheck.Verdict;
import dev.patternshop.notification.webhook.TestReceiver.Received;
import dev.patternshop.testsupport.kafka.TopicWriter;
import dev.patternshop.testsupport.security.TestTokens;
import dev.patternshop.testsupport.web.TestHttpClient;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Webhooks end to end inside the service: the test plays order-service, publishing order events on
 * {@code order.events.v1} (key = order id, the envelope in headers, the contract's JSON), and plays the customers'
 * receivers (JDK HttpServers on 127.0.0.1, the one host the test settings allow). Every wait is Awaitility.
 */
@NotificationIntegrationTest
class WebhookDeliveryIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static TopicWriter orderService;

    @Value("${local.server.port}")
    int port;

    @Value("${spring.kafka.bootstrap-servers}")
    String bootstrapServers;

    @Autowired
    JdbcClient database;

    @Autowired
    WebhookSettings settings;

    @Autowired
    CircuitBreakerRegistry breakers;

    @Autowired
    MeterRegistry meters;

    private TestHttpClient api;
    private final List<TestReceiver> receivers = new ArrayList<>();

    @BeforeAll
    static void noWriterYet() {
        orderService = null;
    }

    @BeforeEach
    void setUp() {
        api = TestHttpClient.onPort(port);
        if (orderService == null) {
            orderService = new TopicWriter(bootstrapServers);
        }
    }

    @AfterEach
    void stopReceivers() {
        receivers.forEach(TestReceiver::close);
    }

    @AfterAll
    static void closeWriter() {
        if (orderService != null) {
            orderService.close();
        }
    }

    @Test
    void eachMatchingSubscriptionGetsOneSignedDeliveryAndNoOtherSubscriptionAny() {
        String customer = newCustomer();
        String stranger = newCustomer();
        TestReceiver both = receiver();
        TestReceiver placedOnly = receiver();
        TestReceiver cancelledOnly = receiver();
        TestReceiver strangers = receiver();
        JsonNode s1 = register(customer, both.url("/both"), "order.placed", "order.confirmed");
        JsonNode s2 = register(customer, placedOnly.url("/placed"), "order.placed");
        register(customer, cancelledOnly.url("/cancelled"), "order.cancelled");
        JsonNode s4 = register(stranger, strangers.url("/strangers"), "order.placed");
        String orderId = newOrderId();

        UUID placed = publishPlaced(customer, orderId);
        // Same key, so the same partition after the placed event: once its delivery arrives, the placed event has
        // been fanned out too.
        publishCancelled(customer, orderId);

        await().atMost(WAIT)
                .until(() -> cancelledOnly.received().size() == 1
                        && both.received().size() == 1
                        && placedOnly.received().size() == 1);
        assertThat(cancelledOnly.received().getFirst().header(WebhookSignature.EVENT_HEADER))
                .isEqualTo("order.cancelled");
        assertThat(deliveriesOf(placed)).isEqualTo(2);
        assertThat(database.sql("select count(*) from webhook_delivery where subscription_id = :id")
                        .param("id", UUID.fromString(s4.get("id").asString()))
                        .query(Integer.class)
                        .single())
                .isZero();
        assertThat(strangers.received()).isEmpty();

        for (var pair : List.of(List.of(both, s1), List.of(placedOnly, s2))) {
            Received request = ((TestReceiver) pair.get(0)).received().getFirst();
            String secret = ((JsonNode) pair.get(1)).get("secret").asString();
            JsonNode body = JSON.readTree(request.body());
            assertThat(request.header(WebhookSignature.EVENT_HEADER)).isEqualTo("order.placed");
            assertThat(body.get("deliveryId").asString()).isEqualTo(request.header(WebhookSignature.DELIVERY_HEADER));
            assertThat(body.get("eventId").asString()).isEqualTo(placed.toString());
            assertThat(body.get("order").get("id").asString()).isEqualTo(orderId);
            assertThat(body.get("order").get("status").asString()).isEqualTo("PENDING");
            assertThat(request.body()).doesNotContain(customer);
            // The README's receiver code, run against what really arrived.
            ReceiverSignatureCheck receiverSide = new ReceiverSignatureCheck(secret);
            assertThat(verify(receiverSide, request)).isEqualTo(Verdict.ACCEPT);
            assertThat(verify(receiverSide, request)).isEqualTo(Verdict.DUPLICATE);
            assertThat(verify(new ReceiverSignatureCheck(WebhookSignature.newSecret()), request))
                    .isEqualTo(Verdict.REJECT);
        }
    }

    @Test
    void theSameOrderEventDeliveredTwiceByKafkaMakesOneDelivery() {
        String customer = newCustomer();
        TestReceiver receiver = receiver();
        register(customer, receiver.url("/hook"), "order.placed", "order.confirmed");
        String orderId = newOrderId();
        Envelope envelope = Envelope.first(OrderPlaced.TYPE, orderId, Instant.now());
        String body = placedBody(envelope, customer, orderId);

        orderService.send(Topics.ORDER_EVENTS, orderId, envelope.headers(), body);
        orderService.send(Topics.ORDER_EVENTS, orderId, envelope.headers(), body);
        publishConfirmed(customer, orderId);

        await().atMost(WAIT).until(() -> receiver.received().size() == 2);
        assertThat(deliveriesOf(envelope.messageId())).isEqualTo(1);
        assertThat(receiver.received())
                .extracting(request -> request.header(WebhookSignature.EVENT_HEADER))
                .containsExactlyInAnyOrder("order.placed", "order.confirmed");
    }

    @Test
    void aFailingReceiverIsRetriedOnScheduleThenDeadAndAnAdminReplayDeliversIt() {
        String customer = newCustomer();
        TestReceiver receiver = receiver().answering(503);
        JsonNode subscription = register(customer, receiver.url("/hook"), "order.placed");
        UUID event = publishPlaced(customer, newOrderId());

        await().atMost(WAIT).until(() -> "DEAD".equals(statusOf(event)));
        UUID delivery = deliveryOf(event);
        List<Attempt> attempts = attempts(delivery);
        assertThat(attempts)
                .hasSize(settings.maxAttempts())
                .allSatisfy(attempt -> assertThat(attempt.statusCode()).isEqualTo(503));
        for (int failed = 1; failed < attempts.size(); failed++) {
            // Never earlier than the schedule's shortest wait after that many failures.
            assertThat(Duration.between(
                            attempts.get(failed - 1).at(), attempts.get(failed).at()))
                    .isGreaterThanOrEqualTo(settings.backoff().atLeast(failed));
        }
        assertThat(receiver.received())
                .hasSize(settings.maxAttempts())
                .extracting(request -> request.header(WebhookSignature.DELIVERY_HEADER))
                .containsOnly(delivery.toString());
        assertThat(meters.counter("patternshop.webhook.attempts", "outcome", "dead")
                        .count())
                .isGreaterThanOrEqualTo(1);
        HttpResponse<String> dead = api.get("/admin/webhook-deliveries?status=DEAD", "Authorization", admin());
        assertThat(dead.statusCode()).isEqualTo(200);
        assertThat(dead.body()).contains(delivery.toString());

        receiver.answering(204);
        assertThat(api.post("/admin/webhook-deliveries/" + delivery + "/replay", "", "Authorization", admin())
                        .statusCode())
                .isEqualTo(202);

        await().atMost(WAIT).until(() -> "DELIVERED".equals(statusOf(event)));
        assertThat(attempts(delivery))
                .hasSize(settings.maxAttempts() + 1)
                .last()
                .extracting(Attempt::statusCode)
                .isEqualTo(204);
        assertThat(api.post("/admin/webhook-deliveries/" + delivery + "/replay", "", "Authorization", admin())
                        .statusCode())
                .isEqualTo(409);
        HttpResponse<String> log = api.get(
                "/webhooks/" + subscription.get("id").asString() + "/deliveries", "Authorization", customer(customer));
        JsonNode logged = JSON.readTree(log.body()).get(0);
        assertThat(logged.get("status").asString()).isEqualTo("DELIVERED");
        assertThat(logged.get("nextAttemptAt").isNull())
                .as("no next attempt once delivered")
                .isTrue();
        assertThat(logged.get("log")).hasSize(settings.maxAttempts() + 1);
        assertThat(logged.get("log").get(0).get("statusCode").asInt()).isEqualTo(503);
        assertThat(logged.get("log").get(0).has("latencyMs")).isTrue();
    }

    @Test
    void aReceiverThatNeverAnswersDelaysNoOtherSubscription() {
        String customer = newCustomer();
        TestReceiver silent = receiver().hanging();
        TestReceiver healthy = receiver();
        JsonNode silentSubscription = register(customer, silent.url("/silent"), "order.placed");
        register(customer, healthy.url("/healthy"), "order.confirmed");
        String orderId = newOrderId();

        UUID toSilent = publishPlaced(customer, orderId);
        await().atMost(WAIT).until(() -> !silent.received().isEmpty());
        publishConfirmed(customer, orderId);

        await().atMost(WAIT).until(() -> healthy.received().size() == 1);
        // The silent receiver's attempt ends at the request timeout and is logged as such, to be retried.
        await().atMost(WAIT)
                .until(() -> attemptsOf(toSilent).stream()
                        .anyMatch(attempt ->
                                attempt.error() != null && attempt.error().startsWith("timed out")));
        // The healthy delivery was sent while the silent one still held its slot: not after it (as one sending
        // thread, or a blocking breaker, would have done).
        Instant healthyDelivered = database.sql("""
                        select d.delivered_at from webhook_delivery d join webhook_subscription s
                            on s.id = d.subscription_id
                        where s.customer_id = :customer and d.status = 'DELIVERED'""")
                .param("customer", customer)
                .query(OffsetDateTime.class)
                .single()
                .toInstant();
        assertThat(healthyDelivered).isBefore(attemptsOf(toSilent).getFirst().at());
        String endpoint = "webhook:" + silentSubscription.get("id").asString();
        assertThat(breakers.find(endpoint)).isPresent();
        // Each subscription's breaker is on the metrics endpoint under its own name.
        assertThat(meters.find("resilience4j.circuitbreaker.state")
                        .tag("name", endpoint)
                        .gauges())
                .isNotEmpty();
    }

    @Test
    void aRedirectIsAFailedAttemptAndIsNeverFollowed() {
        String customer = newCustomer();
        TestReceiver target = receiver();
        TestReceiver redirecting = receiver().redirectingTo(target.url("/internal"));
        register(customer, redirecting.url("/hook"), "order.placed");

        UUID event = publishPlaced(customer, newOrderId());

        await().atMost(WAIT).until(() -> !attemptsOf(event).isEmpty());
        assertThat(attemptsOf(event).getFirst().statusCode()).isEqualTo(302);
        assertThat(target.received()).isEmpty();
    }

    @Test
    void aDestinationThatTurnedInternalIsRefusedAtDeliveryAndEndsDead() {
        // As if the name had resolved to a public address at registration and to 10.0.0.1 now.
        String customer = newCustomer();
        UUID subscription = UUID.randomUUID();
        database.sql("""
                insert into webhook_subscription (id, customer_id, url, event_types, secret, created_at)
                values (:id, :customer, 'http://10.0.0.1/hook', '{order.placed}', 'secret', now())""").param("id", subscription).param("customer", customer).update();

        UUID event = publishPlaced(customer, newOrderId());

        await().atMost(WAIT).until(() -> "DEAD".equals(statusOf(event)));
        assertThat(attemptsOf(event))
                .hasSize(settings.maxAttempts())
                .allSatisfy(attempt -> assertThat(attempt.error())
                        .startsWith("refused destination")
                        .contains("10.0.0.1"));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "http://169.254.169.254/latest/meta-data/",
                "http://10.0.0.1/hook",
                "http://192.168.1.1/hook",
                "http://localhost:8080/hook",
                "http://[::1]:8080/hook",
                "http://[::ffff:169.254.169.254]/",
                "http://2130706433/",
                "ftp://example.com/hook"
            })
    void anUnsafeUrlIsRefusedAtRegistrationAndNothingIsStored(String url) {
        String customer = newCustomer();

        HttpResponse<String> refused =
                api.post("/webhooks", registration(url, "order.placed"), "Authorization", customer(customer));

        assertThat(refused.statusCode()).isEqualTo(422);
        assertThat(refused.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(JSON.readTree(refused.body()).get("type").asString()).endsWith("/unsafe-webhook-url");
        assertThat(subscriptionsOf(customer)).isZero();
    }

    @Test
    void badRegistrationsAreProblemsAndNothingIsStored() {
        String customer = newCustomer();
        TestReceiver receiver = receiver();

        assertThat(post(customer, registration(receiver.url("/"), "order.shipped"))
                        .statusCode())
                .isEqualTo(400);
        assertThat(post(customer, "{\"url\":\"" + receiver.url("/") + "\",\"events\":[]}")
                        .statusCode())
                .isEqualTo(400);
        assertThat(post(customer, registration(receiver.url("/" + "x".repeat(settings.maxUrlLength())), "order.placed"))
                        .statusCode())
                .isEqualTo(400);
        assertThat(post(customer, "{\"url\":").statusCode()).isEqualTo(400);
        assertThat(subscriptionsOf(customer)).isZero();

        for (int i = 0; i < settings.maxSubscriptionsPerCustomer(); i++) {
            assertThat(post(customer, registration(receiver.url("/" + i), "order.placed"))
                            .statusCode())
                    .isEqualTo(201);
        }
        HttpResponse<String> tooMany = post(customer, registration(receiver.url("/more"), "order.placed"));
        assertThat(tooMany.statusCode()).isEqualTo(422);
        assertThat(tooMany.body()).contains("too-many-webhooks");
        assertThat(subscriptionsOf(customer)).isEqualTo(settings.maxSubscriptionsPerCustomer());
    }

    @Test
    void aCustomerSeesAndDeletesOnlyItsOwnSubscriptionsAndTheSecretIsShownOnce() {
        String customer = newCustomer();
        String stranger = newCustomer();
        TestReceiver receiver = receiver();

        HttpResponse<String> created = post(customer, registration(receiver.url("/mine"), "order.confirmed"));
        assertThat(created.statusCode()).isEqualTo(201);
        JsonNode subscription = JSON.readTree(created.body());
        String id = subscription.get("id").asString();
        assertThat(created.headers().firstValue("Location"))
                .hasValueSatisfying(location -> assertThat(location).endsWith("/webhooks/" + id));
        assertThat(subscription.get("secret").asString()).isNotBlank();
        assertThat(database.sql("select secret from webhook_subscription where id = :id")
                        .param("id", UUID.fromString(id))
                        .query(String.class)
                        .single())
                .as("stored sealed, not as the customer got it")
                .startsWith(WebhookSecretCipher.PREFIX)
                .doesNotContain(subscription.get("secret").asString());

        HttpResponse<String> mine = api.get("/webhooks", "Authorization", customer(customer));
        assertThat(mine.body()).contains(id).doesNotContain("secret");
        assertThat(api.get("/webhooks", "Authorization", customer(stranger)).body())
                .doesNotContain(id);
        assertThat(api.get("/admin/webhooks", "Authorization", admin()).body())
                .contains(id)
                .doesNotContain("secret");
        assertThat(api.get("/admin/webhooks", "Authorization", customer(customer))
                        .statusCode())
                .isEqualTo(403);
        assertThat(api.get("/webhooks/" + id + "/deliveries", "Authorization", customer(stranger))
                        .statusCode())
                .isEqualTo(404);

        assertThat(api.delete("/webhooks/" + id, "Authorization", customer(stranger))
                        .statusCode())
                .isEqualTo(404);
        assertThat(api.delete("/webhooks/" + id, "Authorization", customer(customer))
                        .statusCode())
                .isEqualTo(204);
        assertThat(api.delete("/webhooks/" + id, "Authorization", customer(customer))
                        .statusCode())
                .isEqualTo(404);
        assertThat(subscriptionsOf(customer)).isZero();
    }

    // --- the test's order-service

    private UUID publishPlaced(String customer, String orderId) {
        Envelope envelope = Envelope.first(OrderPlaced.TYPE, orderId, Instant.now());
        orderService.send(Topics.ORDER_EVENTS, orderId, envelope.headers(), placedBody(envelope, customer, orderId));
        return envelope.messageId();
    }

    private static String placedBody(Envelope envelope, String customer, String orderId) {
        return JSON.writeValueAsString(new OrderPlaced(
                envelope.messageId(),
                orderId,
                customer,
                List.of(new OrderPlaced.Line(1, "SKU-1", "Mug", 1_250, 1)),
                1_250,
                "EUR",
                envelope.occurredAt()));
    }

    private void publishConfirmed(String customer, String orderId) {
        Envelope envelope = Envelope.first(OrderConfirmed.TYPE, orderId, Instant.now());
        orderService.send(
                Topics.ORDER_EVENTS,
                orderId,
                envelope.headers(),
                JSON.writeValueAsString(new OrderConfirmed(
                        envelope.messageId(), orderId, customer, 1_250, "EUR", envelope.occurredAt())));
    }

    private void publishCancelled(String customer, String orderId) {
        Envelope envelope = Envelope.first(OrderCancelled.TYPE, orderId, Instant.now());
        orderService.send(
                Topics.ORDER_EVENTS,
                orderId,
                envelope.headers(),
                JSON.writeValueAsString(new OrderCancelled(
                        envelope.messageId(),
                        orderId,
                        customer,
                        "AWAITING_STOCK",
                        OrderCancelled.OUT_OF_STOCK,
                        null,
                        envelope.occurredAt())));
    }

    // --- the customers' side

    private TestReceiver receiver() {
        TestReceiver receiver = new TestReceiver();
        receivers.add(receiver);
        return receiver;
    }

    private JsonNode register(String customer, String url, String... events) {
        HttpResponse<String> created = post(customer, registration(url, events));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return JSON.readTree(created.body());
    }

    private HttpResponse<String> post(String customer, String body) {
        return api.post("/webhooks", body, "Authorization", customer(customer));
    }

    private static String registration(String url, String... events) {
        return JSON.writeValueAsString(new Registration(url, List.of(events)));
    }

    record Registration(String url, List<String> events) {}

    private static Verdict verify(ReceiverSignatureCheck check, Received request) {
        return check.check(
                request.header(WebhookSignature.DELIVERY_HEADER),
                request.header(WebhookSignature.TIMESTAMP_HEADER),
                request.header(WebhookSignature.SIGNATURE_HEADER),
                request.body(),
                Instant.now());
    }

    private static String customer(String id) {
        return TestTokens.bearer(TestTokens.shared().customer(id));
    }

    private static String admin() {
        return TestTokens.bearer(TestTokens.shared().admin("webhook-admin"));
    }

    private static String newCustomer() {
        return "customer-" + UUID.randomUUID();
    }

    private static String newOrderId() {
        return Long.toString(ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE));
    }

    // --- what the database says

    record Attempt(Integer statusCode, String error, Instant at) {}

    private int deliveriesOf(UUID event) {
        return database.sql("select count(*) from webhook_delivery where event_id = :event")
                .param("event", event)
                .query(Integer.class)
                .single();
    }

    private UUID deliveryOf(UUID event) {
        return database.sql("select id from webhook_delivery where event_id = :event")
                .param("event", event)
                .query(UUID.class)
                .single();
    }

    private String statusOf(UUID event) {
        return database.sql("select status from webhook_delivery where event_id = :event")
                .param("event", event)
                .query(String.class)
                .optional()
                .orElse(null);
    }

    private List<Attempt> attempts(UUID delivery) {
        return database.sql("select * from webhook_attempt where delivery_id = :id order by attempt")
                .param("id", delivery)
                .query((rs, row) -> new Attempt(
                        rs.getObject("status_code", Integer.class),
                        rs.getString("error"),
                        rs.getObject("at", OffsetDateTime.class).toInstant()))
                .list();
    }

    private List<Attempt> attemptsOf(UUID event) {
        return database.sql("select id from webhook_delivery where event_id = :event")
                .param("event", event)
                .query(UUID.class)
                .optional()
                .map(this::attempts)
                .orElse(List.of());
    }

    private int subscriptionsOf(String customer) {
        return database.sql(
                        "select count(*) from webhook_subscription where customer_id = :customer and deleted_at is null")
                .param("customer", customer)
                .query(Integer.class)
                .single();
    }
}
