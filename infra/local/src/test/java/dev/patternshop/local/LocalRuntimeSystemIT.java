package dev.patternshop.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.patternshop.events.Envelope;
import dev.patternshop.events.MessageHeaders;
import dev.patternshop.events.Topics;
import dev.patternshop.events.inventory.v1.ReserveStock;
import dev.patternshop.events.inventory.v1.StockReserved;
import dev.patternshop.events.payment.v1.AuthorizePayment;
import dev.patternshop.events.payment.v1.PaymentAuthorized;
import dev.patternshop.events.payment.v1.PaymentDeclined;
import dev.patternshop.infra.embedded.InfrastructureException;
import dev.patternshop.testsupport.EmbeddedInfrastructureOnly;
import dev.patternshop.testsupport.kafka.TopicReader;
import dev.patternshop.testsupport.kafka.TopicWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Starts the whole embedded runtime (every server, every service, the gateway) as `./patternshop up`
 * does, on shifted ports so that it can run beside a running demo, and checks it from the outside.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@EmbeddedInfrastructureOnly("starts the whole embedded runtime from its own binaries, as ./patternshop up does;"
        + " a system test of that runtime, which uses no test infrastructure")
class LocalRuntimeSystemIT {

    private static final int PORT_OFFSET =
            Integer.parseInt(System.getProperty("patternshop.system-test.port-offset", "1000"));
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static LocalRuntime runtime;
    private static RuntimeHome home;
    private static Topology topology;

    @BeforeAll
    static void startEverything() throws Exception {
        Path projectDir = Path.of(System.getProperty("patternshop.project.dir"))
                .toAbsolutePath()
                .normalize();
        home = new RuntimeHome(projectDir.resolve("infra/local/target/system-test-home"));
        if (Files.exists(home.data())) {
            try (var paths = Files.walk(home.data())) {
                paths.sorted(java.util.Comparator.reverseOrder())
                        .forEach(path -> path.toFile().delete());
            }
        }
        topology = Topology.load(PORT_OFFSET);
        runtime = new LocalRuntime(projectDir, home, topology, System.out);
        runtime.start();
    }

    @AfterAll
    static void stopEverything() {
        if (runtime != null) {
            runtime.stop();
            int instances = topology.servicePorts().values().stream()
                    .mapToInt(List::size)
                    .sum();
            // the gateway; zipkin, the payment provider, the webhook receiver, and prometheus where it is installed
            int gatewayAndTools = 1 + runtime.toolCount();
            assertThat(runtime.exitedProcesses())
                    .as("every process has exited after stop")
                    .hasSize(instances + gatewayAndTools);
        }
    }

    @ParameterizedTest(name = "{0} is healthy through the gateway")
    @ValueSource(strings = {"catalog", "orders", "inventory", "payments", "notifications"})
    void everyServiceIsHealthyThroughTheGateway(String route) throws Exception {
        HttpResponse<String> response = get("/api/" + route + "/actuator/health");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"status\":\"UP\"");
    }

    /** Each description is read through the gateway without a token and names the gateway's path as its server. */
    @Test
    void theDocsUiListsEveryServiceAndEachDescriptionLoadsThroughTheGateway() throws Exception {
        assertThat(get("/docs").statusCode()).isEqualTo(302);
        HttpResponse<String> config = get("/v3/api-docs/swagger-config");
        assertThat(config.statusCode()).isEqualTo(200);
        Map<String, String> routes = Map.of(
                "catalog-service", "/api/catalog",
                "order-service", "/api/orders",
                "inventory-service", "/api/inventory",
                "payment-service", "/api/payments",
                "notification-service", "/api/notifications");
        for (Map.Entry<String, String> service : routes.entrySet()) {
            String route = service.getValue();
            assertThat(config.body()).contains("\"url\":\"" + route + "/v3/api-docs\"");
            HttpResponse<String> description = get(route + "/v3/api-docs");
            assertThat(description.statusCode()).as(route).isEqualTo(200);
            assertThat(description.body())
                    .as(route)
                    .contains("\"title\":\"" + service.getKey() + "\"")
                    .contains("\"url\":\"" + topology.gatewayUrl() + route + "\"");
        }
    }

    @Test
    void gatewayIsReadyAndAnswersUnknownRoutesWithProblemJson() throws Exception {
        HttpResponse<String> readiness =
                send(HttpRequest.newBuilder(URI.create(topology.gatewayManagementUrl() + "/actuator/health/readiness"))
                        .GET());
        assertThat(readiness.statusCode()).isEqualTo(200);
        assertThat(readiness.body()).contains("\"status\":\"UP\"");
        assertThat(get("/actuator/prometheus").statusCode())
                .as("the gateway's actuator is not on its public port")
                .isIn(401, 404);

        HttpResponse<String> unknown =
                get("/api/no-such-service/anything", "Authorization", "Bearer " + login("alice"));
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    }

    @Test
    void gatewayTokensAreCheckedAtTheEdgeAndAgainByTheServicesThemselves() throws Exception {
        String alice = "Bearer " + login("alice");
        String admin = "Bearer " + login("admin");
        int orderInstance = topology.servicePorts().get("order-service").get(0);
        String direct = "http://127.0.0.1:" + orderInstance + "/no-such-resource";

        assertThat(get("/api/orders/no-such-resource").statusCode())
                .as("refused at the edge")
                .isEqualTo(401);
        assertThat(get("/api/orders/no-such-resource", "Authorization", alice).statusCode())
                .as("let through, checked by the service, nothing there yet")
                .isEqualTo(404);
        assertThat(send(HttpRequest.newBuilder(URI.create(direct)).GET()).statusCode())
                .as("the service refuses a caller without a token even past the gateway")
                .isEqualTo(401);
        assertThat(send(HttpRequest.newBuilder(URI.create(direct))
                                .header("Authorization", alice)
                                .GET())
                        .statusCode())
                .as("the service verified the gateway's token with the gateway's JWKS")
                .isEqualTo(404);

        HttpRequest.Builder invalidProduct = HttpRequest.newBuilder(
                        URI.create(topology.gatewayUrl() + "/api/catalog/admin/products"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}"));
        assertThat(send(invalidProduct.copy().header("Authorization", alice)).statusCode())
                .isEqualTo(403);
        assertThat(send(invalidProduct.copy().header("Authorization", admin)).statusCode())
                .as("an admin reaches the catalog, which validates the body")
                .isEqualTo(400);
    }

    @Test
    void catalogServesSeededProductsThroughTheGatewayFromBothInstances() throws Exception {
        for (int i = 0; i < 10; i++) {
            HttpResponse<String> page = get("/api/catalog/products?category=kitchen&size=5&page=" + i);
            assertThat(page.statusCode()).isEqualTo(200);
        }
        HttpResponse<String> product = get("/api/catalog/products/1");
        assertThat(product.statusCode()).isEqualTo(200);
        assertThat(product.body()).contains("\"sku\":\"SKU-000001\"");
        assertThat(product.headers().firstValue("ETag")).isPresent();

        for (int port : topology.servicePorts().get("catalog-service")) {
            String metrics = HTTP.send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/prometheus"))
                                    .GET()
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
            assertThat(metrics)
                    .as("catalog on port %d served some of the pages", port)
                    .containsPattern("http_server_requests_seconds_count\\{[^}]*uri=\"/products\"");
        }
    }

    @Test
    void kafkaHasTheProjectTopics() throws Exception {
        try (Admin admin =
                Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + topology.kafkaPort()))) {
            Set<String> topics = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            assertThat(topics).containsAll(topology.kafkaTopics().keySet());
        }
    }

    @Test
    void everyReplicaIsStreamingFromItsPrimary() throws Exception {
        for (Topology.PostgresTopology cluster : topology.postgres().values()) {
            if (!cluster.hasReplica()) {
                continue;
            }
            try (Connection primary = DriverManager.getConnection(
                            "jdbc:postgresql://127.0.0.1:" + cluster.primaryPort() + "/postgres",
                            "patternshop",
                            "patternshop");
                    ResultSet rows = primary.createStatement()
                            .executeQuery("select count(*) from pg_stat_replication where state = 'streaming'")) {
                rows.next();
                assertThat(rows.getInt(1))
                        .as(cluster.name() + " has a streaming replica")
                        .isEqualTo(1);
            }
        }
    }

    @Test
    void everyServiceDatabaseExists() throws Exception {
        for (Topology.PostgresTopology cluster : topology.postgres().values()) {
            for (String database : cluster.databases()) {
                try (Connection connection = DriverManager.getConnection(
                        "jdbc:postgresql://127.0.0.1:" + cluster.primaryPort() + "/" + database,
                        "patternshop",
                        "patternshop")) {
                    assertThat(connection.isValid(2))
                            .as(database + " on " + cluster.name())
                            .isTrue();
                }
            }
        }
    }

    @Test
    void everyOrderShardClusterHasTheOrderSchemaAndTheOutbox() throws Exception {
        List<String> clusters = new ArrayList<>();
        for (Topology.PostgresTopology cluster : topology.postgres().values()) {
            if (!cluster.databases().contains("orders")) {
                continue;
            }
            clusters.add(cluster.name());
            try (Connection connection = DriverManager.getConnection(
                            "jdbc:postgresql://127.0.0.1:" + cluster.primaryPort() + "/orders",
                            "patternshop",
                            "patternshop");
                    ResultSet rows = connection
                            .createStatement()
                            .executeQuery(
                                    "select count(*) from information_schema.tables where table_schema = 'public' "
                                            + "and table_name in ('orders', 'order_line', 'idempotency_key', 'outbox')")) {
                rows.next();
                assertThat(rows.getInt(1))
                        .as("migrated by order-service: " + cluster.name())
                        .isEqualTo(4);
            }
        }
        assertThat(clusters).containsExactly("orders-a", "orders-b");
    }

    @Test
    void anOrderPlacedThroughTheGatewayIsPricedStoredAndPublished() throws Exception {
        String alice = "Bearer " + login("alice");
        HttpRequest.Builder place = placeOrder(alice);

        HttpResponse<String> accepted = sendUntilNot503(place);
        HttpResponse<String> replayed = send(place.copy());

        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        assertThat(replayed.body()).as("the same key answers the same").isEqualTo(accepted.body());
        String location = accepted.headers().firstValue("Location").orElseThrow();
        assertThat(location).startsWith(topology.gatewayUrl() + "/api/orders/orders/");
        HttpResponse<String> order = send(HttpRequest.newBuilder(URI.create(location))
                .header("Authorization", alice)
                .header(
                        "Consistency-Token",
                        accepted.headers().firstValue("Consistency-Token").orElseThrow())
                .GET());
        assertThat(order.statusCode()).isEqualTo(200);
        assertThat(order.body()).contains("\"sku\":\"SKU-000001\"");
        assertThat(jsonField(accepted.body(), "status"))
                .as("the saga started with the order")
                .isEqualTo("AWAITING_STOCK");

        long id = Long.parseLong(location.substring(location.lastIndexOf('/') + 1));
        await().atMost(Duration.ofSeconds(15))
                .untilAsserted(() -> assertThat(publishedEvents(id))
                        .as("OrderPlaced published by the relay")
                        .isOne());
    }

    /**
     * Inventory's command side on the running system, as the order saga will use it: a ReserveStock on
     * inventory.commands.v1 (two instances share its partitions) is applied once and answered on
     * inventory.events.v1, in the command's trace; the stock level, a public read through the gateway, shows the
     * reservation, and so does the storefront.
     */
    @Test
    void aReserveStockCommandIsAppliedOnceAnsweredInItsTraceAndShownThroughTheGateway() throws Exception {
        long product = 4242;
        String stockPath = "/api/inventory/products/" + product;
        HttpResponse<String> before = get(stockPath);
        assertThat(before.statusCode()).as("stock levels need no token").isEqualTo(200);
        int reservedBefore = Integer.parseInt(jsonField(before.body(), "reserved"));
        String orderId = Long.toString(8_100_000_000_000_000_000L + System.nanoTime() % 1_000_000_000L);
        String trace = UUID.randomUUID().toString().replace("-", "");
        Envelope command = Envelope.first(ReserveStock.TYPE, orderId, java.time.Instant.now())
                .withTraceparent("00-" + trace + "-00f067aa0ba902b7-01");
        String bootstrap = "127.0.0.1:" + topology.kafkaPort();
        try (TopicWriter saga = new TopicWriter(bootstrap)) {
            String body =
                    "{\"orderId\":\"" + orderId + "\",\"lines\":[{\"productId\":" + product + ",\"quantity\":2}]}";
            saga.send(Topics.INVENTORY_COMMANDS, orderId, command.headers(), body);
            saga.send(Topics.INVENTORY_COMMANDS, orderId, command.headers(), body); // delivered twice: applied once
        }

        List<ConsumerRecord<String, String>> replies = new TopicReader(bootstrap)
                .read(
                        Topics.INVENTORY_EVENTS,
                        reply -> orderId.equals(TopicReader.header(reply, MessageHeaders.CORRELATION_ID))
                                && reply.key().equals(orderId),
                        1,
                        Duration.ofSeconds(60));
        assertThat(replies).as("one reply, though the command came twice").hasSize(1);
        ConsumerRecord<String, String> reply = replies.get(0);
        assertThat(TopicReader.header(reply, MessageHeaders.MESSAGE_TYPE)).isEqualTo(StockReserved.TYPE);
        assertThat(TopicReader.header(reply, MessageHeaders.CAUSATION_ID))
                .isEqualTo(command.messageId().toString());
        assertThat(TopicReader.header(reply, MessageHeaders.TRACEPARENT))
                .as("the reply continues the command's trace")
                .startsWith("00-" + trace + "-");
        await().atMost(Duration.ofSeconds(15))
                .untilAsserted(() -> assertThat(jsonField(get(stockPath).body(), "reserved"))
                        .isEqualTo(Integer.toString(reservedBefore + 2)));
        assertThat(get("/api/storefront/products/" + product).body())
                .contains("\"availability\":{\"productId\":" + product)
                .contains("\"reserved\":" + (reservedBefore + 2));
    }

    /**
     * Payment on the running system, as the order saga will use it: an AuthorizePayment on payment.commands.v1 is
     * charged at the provider (WireMock, through the anti-corruption layer) and answered PaymentAuthorized; carol, whom
     * the provider always refuses, is answered PaymentDeclined. Each command is sent twice and answered once.
     */
    @Test
    void anAuthorizePaymentIsChargedOnceAtTheProviderAndCarolIsDeclined() throws Exception {
        String alice = "3f1c9a52-7d1e-4c1b-9a57-1a2b3c4d5e01";
        String carol = "c47d8e91-5f2a-4b6c-9d0e-3c4d5e6f7a03";
        long base = 8_200_000_000_000_000_000L + System.nanoTime() % 1_000_000_000L;
        String paid = Long.toString(base);
        String refused = Long.toString(base + 1);
        String bootstrap = "127.0.0.1:" + topology.kafkaPort();
        try (TopicWriter saga = new TopicWriter(bootstrap)) {
            for (String[] order : List.of(new String[] {paid, alice}, new String[] {refused, carol})) {
                Map<String, String> headers = Envelope.first(AuthorizePayment.TYPE, order[0], java.time.Instant.now())
                        .headers();
                String body = "{\"orderId\":\"" + order[0] + "\",\"customerId\":\"" + order[1]
                        + "\",\"amountMinor\":4242,\"currency\":\"EUR\"}";
                saga.send(Topics.PAYMENT_COMMANDS, order[0], headers, body);
                saga.send(Topics.PAYMENT_COMMANDS, order[0], headers, body); // delivered twice: applied once
            }
        }

        List<ConsumerRecord<String, String>> replies = new TopicReader(bootstrap)
                .read(
                        Topics.PAYMENT_EVENTS,
                        reply -> reply.key().equals(paid) || reply.key().equals(refused),
                        2,
                        Duration.ofSeconds(60));
        assertThat(replies)
                .as("one reply per order, though each command came twice")
                .hasSize(2);
        Map<String, String> outcome = new java.util.HashMap<>();
        replies.forEach(reply -> outcome.put(reply.key(), TopicReader.header(reply, MessageHeaders.MESSAGE_TYPE)));
        assertThat(outcome).containsEntry(paid, PaymentAuthorized.TYPE).containsEntry(refused, PaymentDeclined.TYPE);
        // The payment id is derived from the order id (payment-service's PaymentId.forOrder), the key from both.
        String key = UUID.nameUUIDFromBytes(("payment:" + paid).getBytes(StandardCharsets.UTF_8)) + ":authorize";
        String count = HTTP.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + topology.paymentProviderPort()
                                        + "/__admin/requests/count"))
                                .POST(HttpRequest.BodyPublishers.ofString(
                                        "{\"method\":\"POST\",\"urlPath\":\"/v1/authorizations\","
                                                + "\"headers\":{\"Idempotency-Key\":{\"equalTo\":\"" + key + "\"}}}"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
        assertThat(jsonField(count, "count"))
                .as("the provider was asked once for the paid order")
                .isEqualTo("1");
    }

    /**
     * The checkout saga end to end through the gateway: the order ends CONFIRMED; its stock was taken once (available
     * down by the quantity, nothing left reserved for it); the provider's journal has exactly one authorization for
     * its payment. While it was pending, GET answered with a Retry-After; its steps show the saga.
     */
    @Test
    void aCheckoutEndsConfirmedWithTheStockTakenOnceAndOneCharge() throws Exception {
        long product = 2_601;
        String alice = "Bearer " + login("alice");
        int availableBefore = available(product);

        String location = checkout(alice, product, 2);
        HttpResponse<String> pending = send(HttpRequest.newBuilder(URI.create(location))
                .header("Authorization", alice)
                .GET());
        String order = awaitFinal(alice, location);

        assertThat(jsonField(order, "status")).as(order).isEqualTo("CONFIRMED");
        if (!List.of("CONFIRMED", "CANCELLED").contains(jsonField(pending.body(), "status"))) {
            assertThat(pending.headers().firstValue("Retry-After"))
                    .as("poll hint while pending")
                    .isPresent();
        }
        assertThat(order)
                .contains("\"step\":\"reserve-stock\"")
                .contains("\"step\":\"authorize-payment\"")
                .contains("\"step\":\"commit-stock\"");
        assertThat(available(product)).isEqualTo(availableBefore - 2);
        assertThat(holds(orderId(location))).isEqualTo(1);
    }

    /** Product 13 has one unit (inventory's scarce products): five of it are refused, and nothing is taken. */
    @Test
    void anOrderForMoreThanIsInStockIsCancelledAndTheStockIsUnchanged() throws Exception {
        long product = 13;
        String bob = "Bearer " + login("bob");
        int availableBefore = available(product);

        String order = awaitFinal(bob, checkout(bob, product, 5));

        assertThat(jsonField(order, "status")).as(order).isEqualTo("CANCELLED");
        assertThat(jsonField(order, "reason")).isEqualTo("OUT_OF_STOCK");
        assertThat(available(product)).isEqualTo(availableBefore);
    }

    /** Carol is always refused by the provider: cancelled, and the reserved stock comes back. */
    @Test
    void aDeclinedPaymentCancelsTheOrderAndPutsTheStockBack() throws Exception {
        long product = 2_602;
        String carol = "Bearer " + login("carol");
        int availableBefore = available(product);

        String location = checkout(carol, product, 3);
        String order = awaitFinal(carol, location);

        assertThat(jsonField(order, "status")).as(order).isEqualTo("CANCELLED");
        assertThat(jsonField(order, "reason")).isEqualTo("PAYMENT_DECLINED");
        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> assertThat(available(product)).isEqualTo(availableBefore));
        assertThat(holds(orderId(location))).isZero();
    }

    /**
     * A poison message on a topic the saga consumes goes to its dead-letter topic with the failure in headers, and
     * the partition moves on: a good message behind it (same key, so the same partition) is handled.
     */
    @Test
    void aPoisonReplyGoesToTheDeadLetterTopicAndThePartitionMovesOn() throws Exception {
        String key = Long.toString(8_300_000_000_000_000_000L + System.nanoTime() % 1_000_000_000L);
        String bootstrap = "127.0.0.1:" + topology.kafkaPort();
        Envelope poison = Envelope.first(PaymentAuthorized.TYPE, key, java.time.Instant.now());
        Envelope good = Envelope.first(PaymentDeclined.TYPE, key, java.time.Instant.now());
        try (TopicWriter participant = new TopicWriter(bootstrap)) {
            participant.send(Topics.PAYMENT_EVENTS, key, poison.headers(), "{this is not json");
            participant.send(
                    Topics.PAYMENT_EVENTS,
                    key,
                    good.headers(),
                    "{\"orderId\":\"" + key + "\",\"paymentId\":\"p\",\"reason\":\"CARD_DECLINED\"}");
        }

        List<ConsumerRecord<String, String>> dead = new TopicReader(bootstrap)
                .read(
                        Topics.deadLetter(Topics.PAYMENT_EVENTS),
                        letter -> poison.messageId()
                                .toString()
                                .equals(TopicReader.header(letter, MessageHeaders.MESSAGE_ID)),
                        1,
                        Duration.ofSeconds(60));
        assertThat(dead).as("the poison reply, dead-lettered by order-service").hasSize(1);
        assertThat(dead.getFirst().value()).isEqualTo("{this is not json");
        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> assertThat(inboxRows(good.messageId()))
                        .as("the reply behind the poison was handled")
                        .isOne());
    }

    /**
     * Choreography: notification reacts to the order events on its own. A customer registers a webhook for
     * order.confirmed pointing at the runtime's demo receiver (the one loopback host the SSRF guard is told to allow),
     * hands the secret it got once to the receiver, places an order: the receiver gets one delivery, signed with that
     * secret. A URL on the cloud metadata address is refused at registration.
     */
    @Test
    void aConfirmedOrderIsDeliveredToTheCustomersWebhookSignedWithItsSecret() throws Exception {
        String bob = "Bearer " + login("bob");
        String hook = "system-test-" + UUID.randomUUID().toString().substring(0, 8);
        String receiver = "http://127.0.0.1:" + topology.webhookReceiverPort();
        HttpResponse<String> refused = send(webhookRegistration(bob, "http://169.254.169.254/latest/meta-data"));
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(422);
        assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");

        HttpResponse<String> registered = send(webhookRegistration(bob, receiver + "/hooks/" + hook));
        assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
        HttpResponse<String> secretKept = send(HttpRequest.newBuilder(URI.create(receiver + "/secrets/" + hook))
                .PUT(HttpRequest.BodyPublishers.ofString(jsonField(registered.body(), "secret"))));
        assertThat(secretKept.statusCode()).isEqualTo(204);

        String order = awaitFinal(bob, checkout(bob, 2_650, 1));
        String orderId = jsonField(order, "id");

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            String deliveries = send(HttpRequest.newBuilder(URI.create(receiver + "/deliveries"))
                            .GET())
                    .body();
            List<Map<String, Object>> ours = com.jayway.jsonpath.JsonPath.read(
                    deliveries, "$[?(@.hook == '" + hook + "' && @.body =~ /.*" + orderId + ".*/s)]");
            assertThat(ours).as(deliveries).hasSize(1);
            assertThat(ours.getFirst())
                    .containsEntry("event", "order.confirmed")
                    .containsEntry("signature", "valid")
                    .containsEntry("duplicate", false);
        });
        String secret = jsonField(registered.body(), "secret");
        assertThat(logsContaining(secret)).as("the webhook secret is in no log").isEmpty();
        assertThat(logsContaining(bob.substring("Bearer ".length())))
                .as("the token is in no log")
                .isEmpty();
        assertThat(logsContaining("bob-pass")).as("the password is in no log").isEmpty();
    }

    /** The runtime's log files (every process's) that contain the text. */
    private static List<String> logsContaining(String text) throws Exception {
        List<String> found = new ArrayList<>();
        try (var logs = Files.list(home.logs())) {
            for (Path log : logs.filter(Files::isRegularFile).toList()) {
                try (var lines = Files.lines(log, StandardCharsets.ISO_8859_1)) {
                    if (lines.anyMatch(line -> line.contains(text))) {
                        found.add(log.getFileName().toString());
                    }
                }
            }
        }
        return found;
    }

    /**
     * Live order status over Server-Sent Events through the gateway: bob's stream shows his new order going from
     * PENDING to CONFIRMED as it happens, and nothing of alice's order placed meanwhile; a reconnect with the id of
     * the PENDING event (Last-Event-ID) gets every later event of that order again, none before it, none twice.
     */
    @Test
    void aCustomersLiveStreamShowsTheirOrderGoingToConfirmedAndNoOneElsesOrders() throws Exception {
        String bob = "Bearer " + login("bob");
        String alice = "Bearer " + login("alice");
        List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();
        String bobsOrder;
        try (LiveStream live = LiveStream.open(bob, "0", lines)) {
            String alicesOrder = jsonField(awaitFinal(alice, checkout(alice, 2_660, 1)), "id");
            bobsOrder = jsonField(awaitFinal(bob, checkout(bob, 2_661, 1)), "id");

            await().atMost(Duration.ofSeconds(60))
                    .untilAsserted(() -> assertThat(String.join("\n", lines))
                            .contains(statusData(bobsOrder, "PENDING"))
                            .contains(statusData(bobsOrder, "CONFIRMED")));
            assertThat(String.join("\n", lines)).doesNotContain(alicesOrder);
        }
        assertThat(lines.stream().filter(line -> line.startsWith("id:")).toList())
                .as("every event once")
                .doesNotHaveDuplicates();
        long pending = idOf(lines, statusData(bobsOrder, "PENDING"));

        List<String> resumed = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (LiveStream again = LiveStream.open(bob, Long.toString(pending), resumed)) {
            await().atMost(Duration.ofSeconds(60))
                    .untilAsserted(
                            () -> assertThat(String.join("\n", resumed)).contains(statusData(bobsOrder, "CONFIRMED")));
        }
        List<Long> resumedIds = resumed.stream()
                .filter(line -> line.startsWith("id:"))
                .map(line -> Long.parseLong(line.substring("id:".length()).strip()))
                .toList();
        assertThat(resumedIds)
                .doesNotHaveDuplicates()
                .allSatisfy(id -> assertThat(id).isGreaterThan(pending));
        assertThat(resumedIds.getFirst()).as("no gap after the last event seen").isEqualTo(pending + 1);
        assertThat(String.join("\n", resumed)).doesNotContain(statusData(bobsOrder, "PENDING"));

        HttpResponse<String> forged =
                send(HttpRequest.newBuilder(URI.create(topology.gatewayUrl() + "/api/notifications/events/stream"))
                        .header("Authorization", bob)
                        .header("Accept", "text/event-stream")
                        .header("Last-Event-ID", "not-a-number")
                        .GET());
        assertThat(forged.statusCode()).as("a forged Last-Event-ID is refused").isEqualTo(400);
    }

    private static String statusData(String orderId, String status) {
        return "\"orderId\":\"" + orderId + "\",\"status\":\"" + status + "\"";
    }

    /** The id: of the event whose data: line contains {@code data}. */
    private static long idOf(List<String> lines, String data) {
        long id = -1;
        for (String line : lines) {
            if (line.startsWith("id:")) {
                id = Long.parseLong(line.substring("id:".length()).strip());
            } else if (line.startsWith("data:") && line.contains(data)) {
                return id;
            }
        }
        throw new AssertionError("no event with " + data + " in " + lines);
    }

    /** A Server-Sent Events stream through the gateway, its lines collected by a reader thread until closed. */
    private record LiveStream(HttpClient client, Thread reader) implements AutoCloseable {

        static LiveStream open(String bearer, String lastEventId, List<String> lines) throws Exception {
            HttpClient client = HttpClient.newHttpClient();
            HttpResponse<java.util.stream.Stream<String>> stream = client.send(
                    HttpRequest.newBuilder(URI.create(topology.gatewayUrl() + "/api/notifications/events/stream"))
                            .header("Authorization", bearer)
                            .header("Accept", "text/event-stream")
                            .header("Last-Event-ID", lastEventId)
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofLines());
            assertThat(stream.statusCode()).isEqualTo(200);
            assertThat(stream.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(type -> assertThat(type).startsWith("text/event-stream"));
            Thread reader = Thread.ofVirtual().start(() -> {
                try (var body = stream.body()) {
                    body.forEach(lines::add);
                } catch (RuntimeException closed) {
                    // the client was shut down: the stream ends here
                }
            });
            return new LiveStream(client, reader);
        }

        @Override
        public void close() {
            client.shutdownNow();
            reader.interrupt();
        }
    }

    // The fault tests run last: they take a process down for a while.

    /**
     * One client must never raise another's error rate: a hostile client sends only bad input (each kind once made a
     * service answer 500, and fifteen of them opened a breaker every client shares) while a good client reads and
     * orders. Every bad request is a 4xx, never a 500/502/504; the good client, which retries a 503 after its
     * Retry-After with the same key as a client should (a busy machine may say 503), ends with no error at all.
     */
    @Test
    void aHostileClientsBadInputNeverCostsAGoodClientARequest() throws Exception {
        String good = "Bearer " + login("alice");
        String hostile = "Bearer " + login("bob");
        List<HttpRequest.Builder> bad = List.of(
                gatewayGet("/api/catalog/products/search?q=a%00b"),
                gatewayGet("/api/catalog/products/search?q=%E0%80"),
                gatewayGet("/api/catalog/products?category=%00"),
                gatewayGet("/api/catalog/products/99999999999999999999"),
                gatewayGet("/api/catalog/%61ctuator/prometheus"),
                gatewayGet("/api/catalog/products/1").header("Consistency-Token", "999999999999999999"),
                gatewayGet("/api/orders/orders/1")
                        .header("Consistency-Token", "999999999999999999")
                        .header("Authorization", hostile),
                badOrder(hostile, "{\"items\":[{\"productId\":1,\"quantity\":2147483647}]}"),
                badOrder(hostile, "{\"items\":[{\"productId\":\"\\u0000\",\"quantity\":1}]}"),
                badOrder(hostile, "{\"items\":[null]}"),
                badOrder(hostile, "{\"items\":" + "[".repeat(3000) + "}"),
                gatewayGet("/api/orders/orders?page=99999999999&size=1").header("Authorization", hostile));
        List<String> hostileServerErrors = new ArrayList<>();
        Thread attacker = Thread.ofVirtual().start(() -> {
            for (int round = 0; round < 5; round++) {
                for (HttpRequest.Builder request : bad) {
                    try {
                        HttpResponse<String> answer = send(request.copy());
                        if (answer.statusCode() >= 500 && answer.statusCode() != 503) {
                            hostileServerErrors.add(answer.statusCode() + " " + answer.uri() + " " + answer.body());
                        }
                    } catch (Exception e) {
                        hostileServerErrors.add(e.toString());
                    }
                }
            }
        });

        List<String> goodErrors = new ArrayList<>();
        int ordersPlaced = 0;
        while (attacker.isAlive()) {
            List<HttpRequest.Builder> work = new ArrayList<>(List.of(
                    gatewayGet("/api/catalog/products/7"),
                    gatewayGet("/api/catalog/products/search?q=lamp&size=3"),
                    gatewayGet("/api/orders/orders?size=5").header("Authorization", good)));
            if (ordersPlaced++ < 3) { // a few: alice's pending orders are capped
                work.add(placeOrder(good));
            }
            for (HttpRequest.Builder request : work) {
                HttpResponse<String> answer = sendUntilNot503(request);
                if (answer.statusCode() >= 400) {
                    goodErrors.add(answer.statusCode() + " " + answer.uri() + " " + answer.body());
                }
            }
        }
        attacker.join();

        assertThat(goodErrors).as("the good client's errors").isEmpty();
        assertThat(hostileServerErrors)
                .as("500, 502, 504 the hostile client earned (each is a defect)")
                .isEmpty();
    }

    /**
     * A provider 5xx storm: payments fail, payment-service's breaker opens, and the saga still ends every order
     * (cancelled once its retries are spent, or confirmed when the provider is back first) without charging any
     * order twice; the provider back to normal, a new order is confirmed.
     */
    @Test
    @Order(Integer.MAX_VALUE - 1)
    void aProviderStormOpensTheBreakerAndEveryOrderStillEndsWithoutADoubleCharge() throws Exception {
        String alice = "Bearer " + login("alice");
        List<String> locations = new ArrayList<>();
        providerFault("errors.json");
        try {
            for (int i = 0; i < 6; i++) {
                locations.add(checkout(alice, 2_610 + i, 1));
            }
            await().atMost(Duration.ofSeconds(60))
                    .untilAsserted(
                            () -> assertThat(paymentMetrics())
                                    .as("the payment-provider breaker opened")
                                    .containsPattern(
                                            "resilience4j_circuitbreaker_state\\{[^}]*name=\"payment-provider\"[^}]*state=\"open\"[^}]*} 1\\.0"));
        } finally {
            providerFault(null);
        }
        for (String location : locations) {
            String order = awaitFinal(alice, location);
            assertThat(jsonField(order, "status")).as(order).isIn("CONFIRMED", "CANCELLED");
            long charges = holds(orderId(location));
            assertThat(charges).as("charged at most once: " + order).isLessThanOrEqualTo(1);
        }
        await().atMost(Duration.ofSeconds(90))
                .untilAsserted(() -> assertThat(jsonField(awaitFinal(alice, checkout(alice, 2_620, 1)), "status"))
                        .isEqualTo("CONFIRMED"));
    }

    /**
     * Instances killed mid-saga (an order instance, an inventory instance and payment, SIGKILL) and started again:
     * the commands wait in Kafka or are sent again by the supervisor, and every order placed around the kill ends.
     */
    @Test
    @Order(Integer.MAX_VALUE - 1)
    void sagasInFlightWhenInstancesAreKilledStillEnd() throws Exception {
        String bob = "Bearer " + login("bob");
        List<String> locations = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            locations.add(checkout(bob, 2_630 + i, 1));
        }
        kill("payment-service");
        kill("inventory-service-1");
        kill("order-service-1");
        for (int i = 0; i < 4; i++) {
            locations.add(checkout(bob, 2_640 + i, 1));
        }
        runtime.restart("payment-service");
        runtime.restart("inventory-service-1");
        runtime.restart("order-service-1");

        for (String location : locations) {
            String order = awaitFinal(bob, location);
            assertThat(jsonField(order, "status")).as(order).isEqualTo("CONFIRMED");
            assertThat(holds(orderId(location))).isEqualTo(1);
        }
        assertThat(runtime.deadProcesses()).isEmpty();
    }

    @Test
    @Order(Integer.MAX_VALUE)
    void ordersPlacedWhileTheBrokerIsDownArePublishedOnceItIsRestarted() throws Exception {
        kill("kafka");
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(runtime.deadProcesses())
                        .extracting(LocalRuntime.ProcessState::name)
                        .as("the launcher reports it")
                        .contains("kafka"));

        HttpResponse<String> accepted = sendUntilNot503(placeOrder("Bearer " + login("bob")));
        assertThat(accepted.statusCode())
                .as("placing needs the database, not the broker: " + accepted.body())
                .isEqualTo(202);
        String location = accepted.headers().firstValue("Location").orElseThrow();
        long id = Long.parseLong(location.substring(location.lastIndexOf('/') + 1));
        // Through several relay polls: nothing can be published without a broker.
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> publishedEvents(id) == 0);

        runtime.restart("kafka");

        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> assertThat(publishedEvents(id))
                        .as("published after the restart")
                        .isOne());
        assertThat(runtime.deadProcesses()).isEmpty();
    }

    @Test
    @Order(Integer.MAX_VALUE)
    void aKilledServiceInstanceIsRestartedFromTheProcessTableAndServesAgain() throws Exception {
        long killed = kill("order-service-2");

        LocalRuntime.ProcessState restarted = runtime.restart("order-service-2");

        assertThat(restarted.alive()).isTrue();
        assertThat(restarted.pid()).isNotEqualTo(killed);
        assertThat(pidInProcessTable("order-service-2")).isEqualTo(restarted.pid());
        int port = topology.servicePorts().get("order-service").get(1);
        assertThat(HealthProbe.isUp("http://127.0.0.1:" + port + "/actuator/health/readiness"))
                .isTrue();
    }

    /**
     * The Postman collection (load-tests/postman: tokens, catalog, orders and the saga, inventory, payments, webhooks,
     * the edge), run by newman against this runtime: every assertion of every request passes. Before the fault tests,
     * which leave the system in states the collection does not expect. newman comes from npm (the collection's
     * package.json and lock; CI installs it): without it this test is skipped, and says how to install it.
     */
    @Test
    @Order(Integer.MAX_VALUE - 2)
    void thePostmanCollectionPassesWithNewman() throws Exception {
        Path postman = Path.of(System.getProperty("patternshop.project.dir")).resolve("load-tests/postman");
        Path newman = postman.resolve("node_modules/.bin/newman");
        Assumptions.assumeTrue(
                Files.isExecutable(newman), "newman is not installed: npm ci --prefix load-tests/postman");
        Path log = home.logs().resolve("newman.log");
        Process run = new ProcessBuilder(
                        newman.toString(),
                        "run",
                        postman.resolve("patternshop.postman_collection.json").toString(),
                        "--env-var",
                        "baseUrl=http://127.0.0.1:" + topology.gatewayPort(),
                        "--env-var",
                        "receiverUrl=http://127.0.0.1:" + topology.webhookReceiverPort(),
                        "--timeout-request",
                        "20000",
                        "--color",
                        "off")
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        // A bound so that a hung run fails the test instead of the build's time limit; not a measurement.
        if (!run.waitFor(10, TimeUnit.MINUTES)) {
            run.destroyForcibly().waitFor();
        }
        String output = Files.readString(log);
        assertThat(run.exitValue())
                .as("newman's summary:%n%s", output.substring(Math.max(0, output.length() - 6_000)))
                .isZero();
        assertThat(output).contains("assertions").doesNotContain("AssertionError");
    }

    @Test
    void restartOfAnUnknownProcessSaysWhichNamesThereAre() {
        assertThatThrownBy(() -> runtime.restart("kafka-9"))
                .isInstanceOf(InfrastructureException.class)
                .hasMessageContaining("no process called 'kafka-9'")
                .hasMessageContaining("orders-a-replica");
    }

    /** Kills a process as a crash would (SIGKILL) and returns its pid. */
    private static long kill(String name) throws Exception {
        long pid = pidInProcessTable(name);
        ProcessHandle process = ProcessHandle.of(pid).orElseThrow();
        process.destroyForcibly();
        process.onExit().get(10, TimeUnit.SECONDS);
        return pid;
    }

    private static long pidInProcessTable(String name) throws Exception {
        return Files.readAllLines(home.processTable()).stream()
                .map(row -> row.split("\t"))
                .filter(columns -> columns[0].equals(name))
                .mapToLong(columns -> Long.parseLong(columns[1]))
                .findFirst()
                .orElseThrow(() -> new AssertionError(name + " is not in the process table"));
    }

    private static HttpRequest.Builder placeOrder(String bearer) {
        return HttpRequest.newBuilder(URI.create(topology.gatewayUrl() + "/api/orders/orders"))
                .header("Authorization", bearer)
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .POST(HttpRequest.BodyPublishers.ofString("{\"items\":[{\"productId\":1,\"quantity\":2}]}"));
    }

    /**
     * As a client should: after a 503 (+ Retry-After) try again; the same key makes the retry safe. (Right after a
     * start, the catalog's first answers can be slower than the order service waits for them.)
     */
    private static HttpResponse<String> sendUntilNot503(HttpRequest.Builder request) {
        AtomicReference<HttpResponse<String>> answer = new AtomicReference<>();
        await().atMost(Duration.ofSeconds(30))
                .pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> {
                    answer.set(send(request.copy()));
                    return answer.get().statusCode() != 503;
                });
        return answer.get();
    }

    private static HttpRequest.Builder webhookRegistration(String bearer, String url) {
        return HttpRequest.newBuilder(URI.create(topology.gatewayUrl() + "/api/notifications/webhooks"))
                .header("Authorization", bearer)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"url\":\"" + url + "\",\"events\":[\"order.confirmed\"]}"));
    }

    /** Places an order for one product through the gateway (retrying a 503 with the same key); its Location. */
    private static String checkout(String bearer, long product, int quantity) {
        HttpResponse<String> accepted =
                sendUntilNot503(HttpRequest.newBuilder(URI.create(topology.gatewayUrl() + "/api/orders/orders"))
                        .header("Authorization", bearer)
                        .header("Content-Type", "application/json")
                        .header("Idempotency-Key", UUID.randomUUID().toString())
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "{\"items\":[{\"productId\":" + product + ",\"quantity\":" + quantity + "}]}")));
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        return accepted.headers().firstValue("Location").orElseThrow();
    }

    /** Polls the order's Location (the async request-reply's status resource) until it is CONFIRMED or CANCELLED. */
    private static String awaitFinal(String bearer, String location) {
        AtomicReference<String> order = new AtomicReference<>();
        await().atMost(Duration.ofSeconds(180))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    HttpResponse<String> answer = send(HttpRequest.newBuilder(URI.create(location))
                            .header("Authorization", bearer)
                            .GET());
                    order.set(answer.body());
                    return answer.statusCode() == 200
                            && List.of("CONFIRMED", "CANCELLED").contains(jsonField(answer.body(), "status"));
                });
        return order.get();
    }

    private static long orderId(String location) {
        return Long.parseLong(location.substring(location.lastIndexOf('/') + 1));
    }

    /** Units of the product for sale (inventory's stock level, a public read through the gateway). */
    private static int available(long product) throws Exception {
        return Integer.parseInt(
                jsonField(get("/api/inventory/products/" + product).body(), "available"));
    }

    /**
     * Holds the provider approved for the order's payment: the distinct authorization ids of the 2xx answers that say
     * APPROVED (a refusal is a 2xx too, in the provider's own words) to requests naming the payment, from WireMock's
     * request journal. The provider honours the Idempotency-Key, so a retry or a redelivery with the same key gets
     * the same hold again (several approved answers, one hold); a second charge would be a second hold. The payment id
     * is derived from the order id (payment-service's PaymentId.forOrder).
     */
    private static long holds(long orderId) throws Exception {
        String paymentId = UUID.nameUUIDFromBytes(("payment:" + orderId).getBytes(StandardCharsets.UTF_8))
                .toString();
        String journal = send(HttpRequest.newBuilder(
                                URI.create("http://127.0.0.1:" + topology.paymentProviderPort() + "/__admin/requests"))
                        .GET())
                .body();
        List<String> approved = com.jayway.jsonpath.JsonPath.read(
                journal,
                "$.requests[?(@.request.url == '/v1/authorizations' && @.request.body =~ /.*" + paymentId
                        + ".*/s && @.response.status >= 200 && @.response.status < 300"
                        + " && @.response.body =~ /.*\"status\"\\s*:\\s*\"APPROVED\".*/s)].response.body");
        return approved.stream().map(body -> jsonField(body, "id")).distinct().count();
    }

    /** Puts a fault stub of infra/docker/wiremock/faults on the provider for every payment, or removes them (null). */
    private static void providerFault(String file) throws Exception {
        String admin = "http://127.0.0.1:" + topology.paymentProviderPort() + "/__admin/mappings";
        send(
                HttpRequest.newBuilder(URI.create(admin + "/remove-by-metadata"))
                        .header("Content-Type", "application/json")
                        .POST(
                                HttpRequest.BodyPublishers.ofString(
                                        "{\"matchesJsonPath\":{\"expression\":\"$.patternshop-fault\",\"equalTo\":\"payment-provider\"}}")));
        if (file != null) {
            Path stub = Path.of(System.getProperty("patternshop.project.dir"), "infra/docker/wiremock/faults", file);
            String body = Files.readString(stub).replace("__KEY_DIGITS__", "0123456789abcdef");
            HttpResponse<String> added = send(HttpRequest.newBuilder(URI.create(admin))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)));
            assertThat(added.statusCode()).as(added.body()).isEqualTo(201);
        }
    }

    private static String paymentMetrics() throws Exception {
        int port = topology.servicePorts().get("payment-service").getFirst();
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/prometheus"))
                        .GET())
                .body();
    }

    /** Rows of the message in the inboxes of the order shards (order-service's saga consumers). */
    private static long inboxRows(UUID messageId) throws Exception {
        return countOnEveryOrderShard("select count(*) from inbox where message_id = '" + messageId + "'");
    }

    /** OrderPlaced rows of the order that the outbox relay has published, across every shard cluster. */
    private static long publishedEvents(long orderId) throws Exception {
        return countOnEveryOrderShard("select count(*) from outbox where aggregate_id = '" + orderId
                + "' and event_type = 'OrderPlaced.v1' and published_at is not null");
    }

    /** A count query run on every order shard cluster's primary, summed. */
    private static long countOnEveryOrderShard(String countQuery) throws Exception {
        long total = 0;
        for (Topology.PostgresTopology cluster : topology.postgres().values()) {
            if (!cluster.databases().contains("orders")) {
                continue;
            }
            try (Connection connection = DriverManager.getConnection(
                            "jdbc:postgresql://127.0.0.1:" + cluster.primaryPort() + "/orders",
                            "patternshop",
                            "patternshop");
                    ResultSet rows = connection.createStatement().executeQuery(countQuery)) {
                rows.next();
                total += rows.getLong(1);
            }
        }
        return total;
    }

    /** A top-level scalar field of a flat JSON object, compact or pretty-printed, as text. */
    private static String jsonField(String json, String name) {
        java.util.regex.Matcher matcher = java.util.regex.Pattern.compile("\"" + name + "\"\\s*:\\s*\"?([^,\"}\\s]*)")
                .matcher(json);
        assertThat(matcher.find()).as("%s in %s", name, json).isTrue();
        return matcher.group(1);
    }

    private static String login(String user) throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(topology.gatewayUrl() + "/auth/token"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"username\":\"" + user + "\",\"password\":\"" + user + "-pass\"}")));
        assertThat(response.statusCode()).as("login of %s", user).isEqualTo(200);
        return response.body().replaceFirst("(?s).*\"access_token\":\"([^\"]+)\".*", "$1");
    }

    private static HttpRequest.Builder gatewayGet(String path) {
        return HttpRequest.newBuilder(URI.create(topology.gatewayUrl() + path)).GET();
    }

    private static HttpRequest.Builder badOrder(String bearer, String body) {
        return HttpRequest.newBuilder(URI.create(topology.gatewayUrl() + "/api/orders/orders"))
                .header("Authorization", bearer)
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .POST(HttpRequest.BodyPublishers.ofString(body));
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(String path, String... headers) throws Exception {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create(topology.gatewayUrl() + path)).GET();
        for (int i = 0; i + 1 < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return send(request);
    }
}
