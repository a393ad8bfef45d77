package dev.patternshop.notification.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.patternshop.events.Envelope;
import dev.patternshop.events.Topics;
import dev.patternshop.events.order.v1.OrderCancelled;
import dev.patternshop.events.order.v1.OrderConfirmed;
import dev.patternshop.events.order.v1.OrderPlaced;
import dev.patternshop.events.order.v1.PaymentRequested;
import dev.patternshop.events.order.v1.StockRequested;
import dev.patternshop.notification.NotificationIntegrationTest;
import dev.patternshop.notification.live.LiveStreams.CloseReason;
import dev.patternshop.testsupport.TestInfrastructure;
import dev.patternshop.testsupport.kafka.TopicWriter;
import dev.patternshop.testsupport.security.TestTokens;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * The live half of issue 16 inside the service: the test plays the order service, publishing order events to
 * {@code order.events.v1} (key = order id, the envelope in headers, the contract's JSON), and reads
 * {@code GET /events/stream} as a browser would, with customers' tokens. Each test has customers of its own.
 */
@NotificationIntegrationTest
class LiveStreamIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    /** A slow client is found after its socket buffers and its queue fill up: big events get there sooner. */
    private static final String LONG_REASON = "x".repeat(2048);

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static TopicWriter orderService;

    @Value("${local.server.port}")
    int port;

    @Autowired
    LiveStreams streams;

    @Autowired
    LiveSettings settings;

    @Autowired
    MeterRegistry meters;

    @Autowired
    CustomerEventRetention retention;

    @Autowired
    JdbcClient database;

    private final List<AutoCloseable> opened = new ArrayList<>();

    /** The runtime creates the topic at its start; here the test does, if no earlier test had it made. */
    @BeforeAll
    static void topicAndProducer() throws Exception {
        String servers = TestInfrastructure.shared().kafkaBootstrapServers();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, servers))) {
            Set<String> existing = admin.listTopics().names().get(60, TimeUnit.SECONDS);
            if (!existing.contains(Topics.ORDER_EVENTS)) {
                try {
                    admin.createTopics(List.of(new NewTopic(Topics.ORDER_EVENTS, 6, (short) 1)))
                            .all()
                            .get(60, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
        }
        orderService = new TopicWriter(servers);
    }

    @AfterAll
    static void closeProducer() {
        orderService.close();
    }

    @AfterEach
    void closeStreams() throws Exception {
        for (AutoCloseable stream : opened) {
            stream.close();
        }
    }

    @Test
    void aCustomerSeesItsOwnOrderGoFromPendingToConfirmedAndNeverAnotherCustomersEvents() {
        String alice = newCustomer();
        String bob = newCustomer();
        SseStream aliceStream = connected(alice);
        SseStream bobStream = connected(bob);
        String alicesOrder = newOrder();
        String bobsOrder = newOrder();

        placed(alice, alicesOrder);
        placed(bob, bobsOrder);
        stockRequested(alice, alicesOrder);
        cancelled(bob, bobsOrder, OrderCancelled.OUT_OF_STOCK);
        paymentRequested(alice, alicesOrder);
        confirmed(alice, alicesOrder);

        await().atMost(WAIT)
                .until(() ->
                        aliceStream.events().size() == 4 && bobStream.events().size() == 2);
        // Bob's events were handed over before this one was published: one that had reached Alice's stream would be
        // written before it.
        String alicesNextOrder = newOrder();
        placed(alice, alicesNextOrder);
        await().atMost(WAIT).until(() -> aliceStream.events().size() >= 5);

        assertThat(aliceStream.statuses())
                .containsExactly("PENDING", "AWAITING_STOCK", "AWAITING_PAYMENT", "CONFIRMED", "PENDING");
        assertThat(aliceStream.events())
                .extracting(SseStream.Event::orderId)
                .containsExactly(alicesOrder, alicesOrder, alicesOrder, alicesOrder, alicesNextOrder);
        assertThat(aliceStream.events())
                .extracting(SseStream.Event::type)
                .startsWith("order.placed", "order.awaiting-stock", "order.awaiting-payment", "order.confirmed");
        assertThat(aliceStream.ids()).isEqualTo(consecutive(aliceStream.ids().getFirst(), 5));
        assertThat(bobStream.events()).extracting(SseStream.Event::orderId).containsOnly(bobsOrder);
        assertThat(bobStream.events().get(1).data().get("reason").asString()).isEqualTo(OrderCancelled.OUT_OF_STOCK);
    }

    @Test
    void aReconnectWithLastEventIdGetsExactlyTheMissedEventsInOrder() {
        String customer = newCustomer();
        String order = newOrder();
        SseStream first = connected(customer);
        placed(customer, order);
        stockRequested(customer, order);
        await().atMost(WAIT).until(() -> first.events().size() == 2);
        long lastSeen = first.events().getLast().id();
        first.close();

        paymentRequested(customer, order);
        confirmed(customer, order);
        SseStream resumed = open(customer, "Last-Event-ID", Long.toString(lastSeen));
        await().atMost(WAIT).until(() -> resumed.events().size() == 2);
        // Anything sent twice would arrive before an event published after the missed ones.
        placed(customer, newOrder());
        await().atMost(WAIT).until(() -> resumed.events().size() >= 3);

        assertThat(resumed.ids()).isEqualTo(consecutive(lastSeen + 1, 3));
        assertThat(resumed.statuses()).containsExactly("AWAITING_PAYMENT", "CONFIRMED", "PENDING");
        assertThat(first.ids()).isEqualTo(consecutive(lastSeen - 1, 2));
    }

    @Test
    void anEventDeliveredTwiceByKafkaAppearsOnce() {
        String customer = newCustomer();
        String order = newOrder();
        SseStream stream = connected(customer);
        Envelope envelope = Envelope.first(OrderPlaced.TYPE, order, Instant.now());
        String body = JSON.writeValueAsString(placedBody(envelope, customer, order));

        orderService.send(Topics.ORDER_EVENTS, order, envelope.headers(), body);
        orderService.send(Topics.ORDER_EVENTS, order, envelope.headers(), body);
        stockRequested(customer, order);
        await().atMost(WAIT).until(() -> stream.events().size() >= 2);

        assertThat(stream.statuses()).containsExactly("PENDING", "AWAITING_STOCK");
    }

    @Test
    void withoutLastEventIdAStreamStartsWithTheCustomersRecentEvents() {
        String customer = newCustomer();
        String order = newOrder();
        SseStream early = connected(customer);
        placed(customer, order);
        await().atMost(WAIT).until(() -> early.events().size() == 1);

        SseStream late = open(customer);
        stockRequested(customer, order);
        await().atMost(WAIT).until(() -> late.events().size() >= 2);

        assertThat(late.statuses()).containsExactly("PENDING", "AWAITING_STOCK");
    }

    @Test
    void aClientThatStopsReadingIsDroppedWithoutHoldingUpAnotherClientsStream() throws IOException {
        String stalled = newCustomer();
        String reader = newCustomer();
        SseStream readerStream = connected(reader);
        double tooSlowBefore = closed(CloseReason.TOO_SLOW);
        try (Socket stalledClient = stalledClient(stalled)) {
            assertThat(streams.openFor(stalled)).isEqualTo(1);

            // Events until its socket buffers and its queue are full; the stalled client reads none of them.
            await().atMost(Duration.ofMinutes(3)).until(() -> {
                for (int i = 0; i < 20; i++) {
                    cancelled(stalled, newOrder(), LONG_REASON);
                }
                return streams.openFor(stalled) == 0;
            });

            assertThat(closed(CloseReason.TOO_SLOW)).isGreaterThan(tooSlowBefore);
            String order = newOrder();
            placed(reader, order);
            await().atMost(WAIT).until(() -> readerStream.events().size() == 1);
            assertThat(readerStream.events().getFirst().orderId()).isEqualTo(order);
            assertThat(streams.openFor(reader)).isEqualTo(1);
        }
    }

    @Test
    void aCustomerBeyondItsStreamCapIsRefusedWith429ProblemJson() {
        String customer = newCustomer();
        for (int i = 0; i < settings.maxStreamsPerCustomer(); i++) {
            connected(customer);
        }

        SseStream refused = open(customer);

        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(JSON.readTree(refused.body()).get("type").asString()).endsWith("/too-many-streams");
        assertThat(streams.openFor(customer)).isEqualTo(settings.maxStreamsPerCustomer());
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "-1", "1.5", "12345678901234567890", "9223372036854775808"})
    void aLastEventIdThatIsNotAnEventNumberIsRefusedWith400ProblemJson(String lastEventId) {
        String customer = newCustomer();

        SseStream refused = open(customer, "Last-Event-ID", lastEventId);

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(JSON.readTree(refused.body()).get("errors").has("Last-Event-ID"))
                .isTrue();
        assertThat(streams.openFor(customer)).isZero();
    }

    @Test
    void eventsOlderThanTheRetentionAreDeletedAndNewerOnesKept() {
        String customer = newCustomer();
        String order = newOrder();
        SseStream stream = connected(customer);
        placed(customer, order);
        await().atMost(WAIT).until(() -> stream.events().size() == 1);
        database.sql(
                        "update customer_event set recorded_at = recorded_at - :age::interval where customer_id = :customer")
                .param("age", settings.retention().plusHours(1).toSeconds() + " seconds")
                .param("customer", customer)
                .update();
        stockRequested(customer, order);
        await().atMost(WAIT).until(() -> stream.events().size() == 2);

        retention.deleteExpired();

        assertThat(database.sql("select status from customer_event where customer_id = :customer")
                        .param("customer", customer)
                        .query(String.class)
                        .list())
                .containsExactly("AWAITING_STOCK");
    }

    private SseStream open(String customer, String... headers) {
        SseStream stream = SseStream.open(port, TestTokens.shared().customer(customer), headers);
        opened.add(stream);
        return stream;
    }

    /** Open, and registered: events committed from now on reach it. */
    private SseStream connected(String customer) {
        SseStream stream = open(customer);
        assertThat(stream.status()).isEqualTo(200);
        await().atMost(WAIT).until(stream::connected);
        return stream;
    }

    /** A client that sends its request, reads the first bytes of the stream and then nothing more. */
    private Socket stalledClient(String customer) throws IOException {
        Socket socket = new Socket();
        // A small window: the server's writes block after a few events instead of after megabytes.
        socket.setReceiveBufferSize(1024);
        socket.connect(new InetSocketAddress("127.0.0.1", port));
        OutputStream out = socket.getOutputStream();
        out.write(("GET /events/stream HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n"
                        + "Authorization: Bearer " + TestTokens.shared().customer(customer) + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        InputStream in = socket.getInputStream();
        StringBuilder seen = new StringBuilder();
        byte[] buffer = new byte[256];
        while (!seen.toString().contains("retry:")) {
            int read = in.read(buffer);
            assertThat(read).as("the stream's first bytes").isPositive();
            seen.append(new String(buffer, 0, read, StandardCharsets.US_ASCII));
        }
        assertThat(seen.toString()).startsWith("HTTP/1.1 200");
        return socket;
    }

    private double closed(CloseReason reason) {
        Counter counter =
                meters.find(LiveStreams.CLOSED).tag("reason", reason.tag()).counter();
        return counter == null ? 0 : counter.count();
    }

    private static List<Long> consecutive(long first, int count) {
        return LongStream.range(first, first + count).boxed().toList();
    }

    private static String newCustomer() {
        return UUID.randomUUID().toString();
    }

    private static String newOrder() {
        return Long.toString(Math.abs(UUID.randomUUID().getMostSignificantBits()));
    }

    private static OrderPlaced placedBody(Envelope envelope, String customer, String order) {
        return new OrderPlaced(
                envelope.messageId(),
                order,
                customer,
                List.of(new OrderPlaced.Line(1L, "MUG-1", "Mug", 1200, 1)),
                1200,
                "EUR",
                envelope.occurredAt());
    }

    private static void placed(String customer, String order) {
        Envelope envelope = Envelope.first(OrderPlaced.TYPE, order, Instant.now());
        publish(order, envelope, placedBody(envelope, customer, order));
    }

    private static void stockRequested(String customer, String order) {
        Envelope envelope = Envelope.first(StockRequested.TYPE, order, Instant.now());
        publish(order, envelope, new StockRequested(envelope.messageId(), order, customer, envelope.occurredAt()));
    }

    private static void paymentRequested(String customer, String order) {
        Envelope envelope = Envelope.first(PaymentRequested.TYPE, order, Instant.now());
        publish(order, envelope, new PaymentRequested(envelope.messageId(), order, customer, envelope.occurredAt()));
    }

    private static void confirmed(String customer, String order) {
        Envelope envelope = Envelope.first(OrderConfirmed.TYPE, order, Instant.now());
        publish(
                order,
                envelope,
                new OrderConfirmed(envelope.messageId(), order, customer, 1200, "EUR", envelope.occurredAt()));
    }

    private static void cancelled(String customer, String order, String reason) {
        Envelope envelope = Envelope.first(OrderCancelled.TYPE, order, Instant.now());
        publish(
                order,
                envelope,
                new OrderCancelled(
                        envelope.messageId(),
                        order,
                        customer,
                        "AWAITING_STOCK",
                        reason,
                        "cancelled in a test",
                        envelope.occurredAt()));
    }

    private static void publish(String order, Envelope envelope, Object body) {
        orderService.send(Topics.ORDER_EVENTS, order, envelope.headers(), JSON.writeValueAsString(body));
    }
}
