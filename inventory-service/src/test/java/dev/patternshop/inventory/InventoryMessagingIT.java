package dev.patternshop.inventory;

import static dev.patternshop.inventory.InventoryFixtures.newOrderId;
import static dev.patternshop.inventory.InventoryFixtures.reserve;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.patternshop.events.Envelope;
import dev.patternshop.events.MessageHeaders;
import dev.patternshop.events.Topics;
import dev.patternshop.events.inventory.v1.CommitReservation;
import dev.patternshop.events.inventory.v1.ReleaseReservation;
import dev.patternshop.events.inventory.v1.ReservationCommitted;
import dev.patternshop.events.inventory.v1.ReservationReleased;
import dev.patternshop.events.inventory.v1.ReserveStock;
import dev.patternshop.events.inventory.v1.StockChanged;
import dev.patternshop.events.inventory.v1.StockReservationRejected;
import dev.patternshop.events.inventory.v1.StockReserved;
import dev.patternshop.inbox.DeadLetterHeaders;
import dev.patternshop.testsupport.TestInfrastructure;
import dev.patternshop.testsupport.kafka.ConsumerMeters;
import dev.patternshop.testsupport.kafka.TopicReader;
import dev.patternshop.testsupport.kafka.TopicWriter;
import dev.patternshop.testsupport.security.TestTokens;
import dev.patternshop.testsupport.web.TestHttpClient;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.TopicExistsException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Kafka path end to end inside the service: the test plays the order saga, producing commands to
 * {@code inventory.commands.v1} (key = order id, the envelope in headers, the contract's JSON) and reading the
 * replies the relay publishes on {@code inventory.events.v1}. Applied once whatever is delivered twice, a bad
 * command answered with a rejection, a poison message set aside on the dead-letter topic while the command behind it
 * on its partition is applied, and one trace from the command to its reply.
 */
@InventoryIntegrationTest
class InventoryMessagingIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String CONSUMER = "commands";
    private static final String DEAD_LETTERS = Topics.deadLetter(Topics.INVENTORY_COMMANDS);
    private static final long UNKNOWN_PRODUCT = 99_999_999L;

    private static TopicWriter saga;

    @Value("${local.server.port}")
    int port;

    @Value("${spring.kafka.bootstrap-servers}")
    String bootstrapServers;

    @Autowired
    JdbcClient database;

    @Autowired
    MeterRegistry meters;

    InventoryFixtures fixtures;
    TopicReader topics;

    /** The runtime creates the topics at its start; here the test does, if no earlier test had them made. */
    @BeforeAll
    static void topicsAndProducer() throws Exception {
        String servers = TestInfrastructure.shared().kafkaBootstrapServers();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, servers))) {
            Set<String> existing = admin.listTopics().names().get(60, TimeUnit.SECONDS);
            List<NewTopic> missing = List.of(Topics.INVENTORY_COMMANDS, Topics.INVENTORY_EVENTS, DEAD_LETTERS).stream()
                    .filter(topic -> !existing.contains(topic))
                    .map(topic -> new NewTopic(topic, 3, (short) 1))
                    .toList();
            try {
                admin.createTopics(missing).all().get(60, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                // Created meanwhile by a producer (the broker auto-creates): any partition count will do.
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
        }
        saga = new TopicWriter(servers);
    }

    @AfterAll
    static void closeProducer() {
        saga.close();
    }

    @BeforeEach
    void setUp() {
        fixtures = new InventoryFixtures(database);
        topics = new TopicReader(bootstrapServers);
    }

    @Test
    void reserveCommitAndReleaseSentAsCommandsAreAppliedAndAnsweredOnTheEventsTopic() {
        long product = fixtures.newProduct(10);
        String order = newOrderId();
        Envelope reserve = Envelope.first(ReserveStock.TYPE, order, Instant.now());

        send(order, reserve, reserve(order, product, 3));

        ConsumerRecord<String, String> reserved = single(replies(order, 1));
        assertThat(header(reserved, MessageHeaders.MESSAGE_TYPE)).isEqualTo(StockReserved.TYPE);
        assertThat(header(reserved, MessageHeaders.CORRELATION_ID)).isEqualTo(order);
        assertThat(header(reserved, MessageHeaders.CAUSATION_ID))
                .isEqualTo(reserve.messageId().toString());
        StockReserved reply = JSON.readValue(reserved.value(), StockReserved.class);
        assertThat(reply.orderId()).isEqualTo(order);
        assertThat(reply.lines()).containsExactly(new ReserveStock.Line(product, 3));
        ConsumerRecord<String, String> changed = single(stockChanges(product, 1));
        assertThat(header(changed, MessageHeaders.CAUSATION_ID))
                .isEqualTo(reserve.messageId().toString());
        assertThat(header(changed, MessageHeaders.CORRELATION_ID)).isEqualTo(order);
        assertThat(JSON.readValue(changed.value(), StockChanged.class))
                .extracting(StockChanged::available, StockChanged::reserved)
                .containsExactly(7, 3);
        JsonNode stock = JSON.readTree(http().get("/products/" + product).body());
        assertThat(stock.get("available").asInt()).isEqualTo(7);
        assertThat(stock.get("reserved").asInt()).isEqualTo(3);

        Envelope commit = Envelope.first(CommitReservation.TYPE, order, Instant.now());
        send(order, commit, new CommitReservation(order));

        List<ConsumerRecord<String, String>> answers = replies(order, 2);
        assertThat(answers)
                .extracting(r -> header(r, MessageHeaders.MESSAGE_TYPE))
                .containsExactly(StockReserved.TYPE, ReservationCommitted.TYPE);
        assertThat(header(answers.get(1), MessageHeaders.CAUSATION_ID))
                .isEqualTo(commit.messageId().toString());
        assertThat(fixtures.stock(product)).containsEntry("available", 7).containsEntry("reserved", 0);

        // Another order reserves and is called off by the saga: its units return.
        String other = newOrderId();
        send(other, Envelope.first(ReserveStock.TYPE, other, Instant.now()), reserve(other, product, 5));
        single(replies(other, 1));
        assertThat(fixtures.available(product)).isEqualTo(2);
        Envelope release = Envelope.first(ReleaseReservation.TYPE, other, Instant.now());
        send(other, release, new ReleaseReservation(other, "PAYMENT_DECLINED"));

        List<ConsumerRecord<String, String>> otherAnswers = replies(other, 2);
        assertThat(otherAnswers)
                .extracting(r -> header(r, MessageHeaders.MESSAGE_TYPE))
                .containsExactly(StockReserved.TYPE, ReservationReleased.TYPE);
        assertThat(header(otherAnswers.get(1), MessageHeaders.CAUSATION_ID))
                .isEqualTo(release.messageId().toString());
        assertThat(JSON.readValue(otherAnswers.get(1).value(), ReservationReleased.class))
                .isEqualTo(new ReservationReleased(other, "PAYMENT_DECLINED"));
        assertThat(fixtures.stock(product)).containsEntry("available", 7).containsEntry("reserved", 0);
        assertThat(fixtures.reservationStatus(order)).isEqualTo("COMMITTED");
        assertThat(fixtures.reservationStatus(other)).isEqualTo("RELEASED");
    }

    @Test
    void theSameCommandRecordDeliveredTwiceIsAppliedOnceAndCountedAsADuplicate() {
        long product = fixtures.newProduct(10);
        String order = newOrderId();
        Envelope reserve = Envelope.first(ReserveStock.TYPE, order, Instant.now());
        double duplicates = consumerMeters().consumed("duplicate");

        send(order, reserve, reserve(order, product, 4));
        send(order, reserve, reserve(order, product, 4));

        await().atMost(WAIT).until(() -> consumerMeters().consumed("duplicate") >= duplicates + 1);
        ConsumerRecord<String, String> reply = single(replies(order, 1));
        assertThat(header(reply, MessageHeaders.CAUSATION_ID))
                .isEqualTo(reserve.messageId().toString());
        single(stockChanges(product, 1));
        assertThat(fixtures.stock(product)).containsEntry("available", 6).containsEntry("reserved", 4);
    }

    @Test
    void aReserveSentAgainWithANewMessageIdIsAnsweredAgainAlikeAndReservesOnce() {
        long product = fixtures.newProduct(10);
        String order = newOrderId();
        Envelope first = Envelope.first(ReserveStock.TYPE, order, Instant.now());
        // The saga's supervisor, seeing no answer in time, sends the command again: a new message.
        Envelope again = Envelope.first(ReserveStock.TYPE, order, Instant.now());

        send(order, first, reserve(order, product, 4));
        send(order, again, reserve(order, product, 4));

        List<ConsumerRecord<String, String>> answers = replies(order, 2);
        assertThat(answers).hasSize(2);
        assertThat(answers)
                .extracting(r -> header(r, MessageHeaders.MESSAGE_TYPE))
                .containsOnly(StockReserved.TYPE);
        assertThat(answers)
                .extracting(r -> header(r, MessageHeaders.CAUSATION_ID))
                .containsExactly(first.messageId().toString(), again.messageId().toString());
        assertThat(JSON.readValue(answers.get(1).value(), StockReserved.class))
                .isEqualTo(JSON.readValue(answers.get(0).value(), StockReserved.class));
        single(stockChanges(product, 1));
        assertThat(fixtures.stock(product)).containsEntry("available", 6).containsEntry("reserved", 4);
    }

    @Test
    void badCommandsAreAnsweredWithARejectionNeitherRetriedNorDeadLettered() {
        long product = fixtures.newProduct(10);
        String unknownProduct = newOrderId();
        String zeroQuantity = newOrderId();
        double retried = consumerMeters().retried();
        double deadLettered = consumerMeters().deadLettered();

        send(
                unknownProduct,
                Envelope.first(ReserveStock.TYPE, unknownProduct, Instant.now()),
                reserve(unknownProduct, UNKNOWN_PRODUCT, 1));
        send(
                zeroQuantity,
                Envelope.first(ReserveStock.TYPE, zeroQuantity, Instant.now()),
                reserve(zeroQuantity, product, 0));

        assertThat(JSON.readValue(single(replies(unknownProduct, 1)).value(), StockReservationRejected.class))
                .isEqualTo(new StockReservationRejected(
                        unknownProduct, StockReservationRejected.UNKNOWN_PRODUCT, List.of(UNKNOWN_PRODUCT)));
        ConsumerRecord<String, String> invalid = single(replies(zeroQuantity, 1));
        assertThat(header(invalid, MessageHeaders.MESSAGE_TYPE)).isEqualTo(StockReservationRejected.TYPE);
        assertThat(JSON.readValue(invalid.value(), StockReservationRejected.class))
                .isEqualTo(new StockReservationRejected(
                        zeroQuantity, StockReservationRejected.INVALID_REQUEST, List.of()));
        // Answered means handled and committed: no retry, no dead letter, nothing changed.
        assertThat(consumerMeters().retried()).isEqualTo(retried);
        assertThat(consumerMeters().deadLettered()).isEqualTo(deadLettered);
        assertThat(deadLetters(Set.of(unknownProduct, zeroQuantity), 0)).isEmpty();
        assertThat(fixtures.stock(product)).containsEntry("available", 10).containsEntry("reserved", 0);
    }

    @Test
    void poisonMessagesGoToTheDeadLetterTopicAndTheCommandBehindThemOnTheirPartitionIsApplied() throws Exception {
        long product = fixtures.newProduct(10);
        String order = newOrderId();
        Envelope notJson = Envelope.first(ReserveStock.TYPE, order, Instant.now());
        Map<String, String> withoutMessageId = new LinkedHashMap<>(
                Envelope.first(ReserveStock.TYPE, order, Instant.now()).headers());
        withoutMessageId.remove(MessageHeaders.MESSAGE_ID);
        Envelope good = Envelope.first(ReserveStock.TYPE, order, Instant.now());

        RecordMetadata first = send(order, notJson.headers(), "{not json");
        RecordMetadata second = send(order, withoutMessageId, JSON.writeValueAsString(reserve(order, product, 1)));
        RecordMetadata third = send(order, good, reserve(order, product, 2));

        assertThat(List.of(second.partition(), third.partition())).containsOnly(first.partition());
        ConsumerRecord<String, String> applied = single(replies(order, 1));
        assertThat(header(applied, MessageHeaders.MESSAGE_TYPE)).isEqualTo(StockReserved.TYPE);
        assertThat(header(applied, MessageHeaders.CAUSATION_ID))
                .isEqualTo(good.messageId().toString());
        assertThat(fixtures.stock(product)).containsEntry("available", 8).containsEntry("reserved", 2);

        List<ConsumerRecord<String, String>> dead = deadLetters(Set.of(order), 2);
        assertThat(dead).hasSize(2);
        assertThat(dead).allSatisfy(letter -> {
            assertThat(header(letter, DeadLetterHeaders.CONSUMER)).isEqualTo(CONSUMER);
            assertThat(header(letter, DeadLetterHeaders.ORIGINAL_TOPIC)).isEqualTo(Topics.INVENTORY_COMMANDS);
            assertThat(header(letter, DeadLetterHeaders.ORIGINAL_PARTITION))
                    .isEqualTo(Integer.toString(first.partition()));
            assertThat(header(letter, DeadLetterHeaders.ATTEMPTS)).isEqualTo("1");
            assertThat(header(letter, DeadLetterHeaders.FAILURE)).isNotBlank();
            assertThat(header(letter, DeadLetterHeaders.AT)).isNotBlank();
        });
        ConsumerRecord<String, String> unreadable = dead.stream()
                .filter(letter -> notJson.messageId().toString().equals(header(letter, MessageHeaders.MESSAGE_ID)))
                .findFirst()
                .orElseThrow();
        assertThat(unreadable.value()).isEqualTo("{not json");
        assertThat(header(unreadable, DeadLetterHeaders.ORIGINAL_OFFSET)).isEqualTo(Long.toString(first.offset()));
        assertThat(header(unreadable, DeadLetterHeaders.EXCEPTION)).endsWith("UnreadableMessage");
        ConsumerRecord<String, String> malformed = dead.stream()
                .filter(letter -> header(letter, MessageHeaders.MESSAGE_ID) == null)
                .findFirst()
                .orElseThrow();
        assertThat(header(malformed, DeadLetterHeaders.ORIGINAL_OFFSET)).isEqualTo(Long.toString(second.offset()));
        assertThat(header(malformed, DeadLetterHeaders.EXCEPTION)).contains("MalformedEnvelope");

        // An admin lists them (the endpoint reads the dead-letter topic); nobody else does.
        String path = "/admin/dead-letters?consumer=" + CONSUMER + "&limit=500";
        HttpResponse<String> listed =
                http().get(path, "Authorization", bearer(TestTokens.shared().admin("it-admin")));
        assertThat(listed.statusCode()).as(listed.body()).isEqualTo(200);
        List<JsonNode> ours = JSON.readTree(listed.body())
                .valueStream()
                .filter(letter -> order.equals(letter.path("key").asString(null)))
                .toList();
        assertThat(ours).hasSize(2);
        assertThat(ours).allSatisfy(letter -> {
            assertThat(letter.get("consumer").asString()).isEqualTo(CONSUMER);
            assertThat(letter.get("topic").asString()).isEqualTo(DEAD_LETTERS);
            assertThat(letter.get("originalTopic").asString()).isEqualTo(Topics.INVENTORY_COMMANDS);
            assertThat(letter.get("correlationId").asString()).isEqualTo(order);
        });
        assertThat(ours)
                .extracting(letter -> letter.path("messageId").asString(null))
                .containsOnlyOnce(notJson.messageId().toString());
        assertThat(http().get(path).statusCode()).isEqualTo(401);
        assertThat(http().get(path, "Authorization", bearer(TestTokens.shared().customer("it-customer")))
                        .statusCode())
                .isEqualTo(403);
    }

    @Test
    void aCommandsTraceGoesOnThroughInventoryIntoItsReplies() {
        long product = fixtures.newProduct(10);
        String order = newOrderId();
        String traceId = hex(16);
        String parentSpanId = hex(8);
        Envelope reserve = Envelope.first(ReserveStock.TYPE, order, Instant.now())
                .withTraceparent("00-" + traceId + "-" + parentSpanId + "-01");

        send(order, reserve, reserve(order, product, 1));

        // The inbox's span continues the command's trace, the outbox stores it with the reply, and the relay's
        // producer span, a child of it, is what goes out: same trace, another span.
        String reply = header(single(replies(order, 1)), MessageHeaders.TRACEPARENT);
        String changed = header(single(stockChanges(product, 1)), MessageHeaders.TRACEPARENT);
        assertThat(List.of(reply, changed)).allSatisfy(traceparent -> {
            assertThat(traceparent).matches("00-" + traceId + "-[0-9a-f]{16}-01");
            assertThat(traceparent).doesNotContain(parentSpanId);
        });
    }

    private static RecordMetadata send(String key, Envelope envelope, Record command) {
        return send(key, envelope.headers(), JSON.writeValueAsString(command));
    }

    private static RecordMetadata send(String key, Map<String, String> headers, String body) {
        return saga.send(Topics.INVENTORY_COMMANDS, key, headers, body);
    }

    /** The replies to the order (keyed by its id), in the order they were published. */
    private List<ConsumerRecord<String, String>> replies(String order, int expected) {
        List<ConsumerRecord<String, String>> records =
                topics.read(Topics.INVENTORY_EVENTS, record -> order.equals(record.key()), expected, WAIT);
        assertThat(records).as("replies to %s", order).hasSize(expected);
        return records;
    }

    private List<ConsumerRecord<String, String>> stockChanges(long product, int expected) {
        List<ConsumerRecord<String, String>> records = topics.read(
                Topics.INVENTORY_EVENTS, record -> Long.toString(product).equals(record.key()), expected, WAIT);
        assertThat(records)
                .extracting(r -> header(r, MessageHeaders.MESSAGE_TYPE))
                .containsOnly(StockChanged.TYPE);
        return records;
    }

    private List<ConsumerRecord<String, String>> deadLetters(Set<String> keys, int expected) {
        return topics.read(DEAD_LETTERS, record -> keys.contains(record.key()), expected, WAIT);
    }

    private static ConsumerRecord<String, String> single(List<ConsumerRecord<String, String>> records) {
        assertThat(records).hasSize(1);
        return records.getFirst();
    }

    private TestHttpClient http() {
        return TestHttpClient.onPort(port);
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        return TopicReader.header(record, name);
    }

    private static String bearer(String token) {
        return TestTokens.bearer(token);
    }

    private static String hex(int bytes) {
        byte[] random = new byte[bytes];
        ThreadLocalRandom.current().nextBytes(random);
        random[0] |= 1; // never all zeros, which W3C reads as no trace
        return HexFormat.of().formatHex(random);
    }

    private ConsumerMeters consumerMeters() {
        return new ConsumerMeters(meters, CONSUMER);
    }
}
