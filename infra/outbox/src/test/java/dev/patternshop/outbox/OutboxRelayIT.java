package dev.patternshop.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import dev.patternshop.events.Envelope;
import dev.patternshop.events.MessageHeaders;
import dev.patternshop.testsupport.TestInfrastructure;
import dev.patternshop.testsupport.kafka.TopicReader;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The outbox on real Postgres and a real Kafka broker: committed events reach the topic in order per
 * aggregate with their whole envelope, rolled-back ones never do, a crash between the send and the mark re-sends
 * (and a consumer that deduplicates by message id sees each event once), exactly one relay per database
 * publishes, the trace goes on through the relay, a row the broker refuses is set aside, a fatal producer error
 * rebuilds the producer, and clean-up keeps up under load. Takeover from a frozen leader: {@link OutboxLeaseIT}.
 */
class OutboxRelayIT {

    static final OutboxSettings FAST = new OutboxSettings(
            Duration.ofMillis(20),
            50,
            Duration.ofHours(1),
            Duration.ofSeconds(15),
            Duration.ofMillis(200),
            Duration.ofSeconds(3),
            2,
            Duration.ofMinutes(1));
    /** As {@link #FAST}, but an idle leader polls once an hour: only a notification can wake it in a test. */
    static final OutboxSettings NOTIFIED_ONLY = FAST.withPollInterval(Duration.ofHours(1));

    static HikariDataSource dataSource;
    static String bootstrapServers;

    final List<OutboxRelay> relays = new ArrayList<>();
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    JdbcClient database;
    TransactionTemplate transactions;
    String topic;

    @BeforeAll
    static void database() {
        TestInfrastructure.PostgresEndpoints postgres =
                TestInfrastructure.shared().postgres("outbox");
        dataSource = new HikariDataSource();
        dataSource.setJdbcUrl(postgres.primaryUrl());
        dataSource.setUsername(postgres.username());
        dataSource.setPassword(postgres.password());
        dataSource.setMaximumPoolSize(6);
        Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/outbox")
                .load()
                .migrate();
        bootstrapServers = TestInfrastructure.shared().kafkaBootstrapServers();
    }

    @AfterAll
    static void closeDatabase() {
        dataSource.close();
    }

    @BeforeEach
    void freshTopicAndTable() throws Exception {
        database = JdbcClient.create(dataSource);
        transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        database.sql("truncate outbox").update();
        topic = "outbox-it-" + UUID.randomUUID();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            admin.createTopics(List.of(new NewTopic(topic, 3, (short) 1))).all().get();
        }
    }

    @AfterEach
    void stopRelays() {
        relays.forEach(OutboxRelay::close);
    }

    @Test
    void committedEventsReachKafkaInOrderPerAggregateAndAreMarkedPublished() {
        for (int sequence = 1; sequence <= 10; sequence++) {
            for (String order : List.of("order-1", "order-2", "order-3")) {
                int n = sequence;
                transactions.executeWithoutResult(tx -> append(order, n));
            }
        }

        relay(OutboxProducers.factory(bootstrapServers, "outbox-it")).start();

        List<ConsumerRecord<String, String>> records = consume(30);
        Map<String, List<Integer>> sequences = new HashMap<>();
        records.forEach(record -> sequences
                .computeIfAbsent(record.key(), key -> new ArrayList<>())
                .add(sequenceOf(record)));
        assertThat(sequences).containsOnlyKeys("order-1", "order-2", "order-3");
        sequences.values().forEach(seen -> assertThat(seen).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10));
        assertThat(records).allSatisfy(record -> {
            Envelope envelope = Envelope.fromHeaders(name -> header(record, name));
            assertThat(envelope.type()).isEqualTo("Test.v1");
            assertThat(envelope.correlationId()).isEqualTo(record.key());
            assertThat(envelope.causationId()).isNull();
            assertThat(envelope.traceparent()).as("no span, no tracing").isNull();
        });
        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(unpublishedRows()).isZero());
    }

    @Test
    void rolledBackTransactionNeverProducesAnEvent() {
        assertThatThrownBy(() -> transactions.executeWithoutResult(tx -> {
                    append("order-rolled-back", 1);
                    throw new IllegalStateException("the order's own insert failed");
                }))
                .isInstanceOf(IllegalStateException.class);
        transactions.executeWithoutResult(tx -> append("order-committed", 1));

        relay(OutboxProducers.factory(bootstrapServers, "outbox-it")).start();

        List<ConsumerRecord<String, String>> records = consume(1);
        assertThat(records).extracting(ConsumerRecord::key).containsExactly("order-committed");
        assertThat(database.sql("select count(*) from outbox").query(Long.class).single())
                .isOne();
    }

    @Test
    void crashBetweenSendAndMarkSendsAgainAndADeduplicatingConsumerSeesEachEventOnce() {
        for (int sequence = 1; sequence <= 20; sequence++) {
            int n = sequence;
            transactions.executeWithoutResult(tx -> append("order-" + (n % 4), n));
        }
        AtomicBoolean crashed = new AtomicBoolean();
        // After the broker acknowledged the first batch, the relay's database session dies (as when its
        // process is killed): the rows stay unpublished in the table.
        OutboxProducerFactory crashingOnce = new OutboxProducerFactory(
                OutboxProducers.config(bootstrapServers, "outbox-crash"), config -> new KafkaProducer<>(config) {
                    @Override
                    public void flush() {
                        super.flush();
                        if (crashed.compareAndSet(false, true)) {
                            terminateLeaderSessions();
                        }
                    }
                });

        relay(crashingOnce).start();

        // The crash ends this test's own idle pooled sessions too; a read that borrows one fails, the next one opens
        // anew.
        await().atMost(Duration.ofSeconds(20))
                .ignoreExceptionsInstanceOf(DataAccessResourceFailureException.class)
                .untilAsserted(() -> assertThat(unpublishedRows()).isZero());
        List<ConsumerRecord<String, String>> records = consume(40);
        Set<String> seen = new HashSet<>();
        List<ConsumerRecord<String, String>> delivered = records.stream()
                .filter(record -> seen.add(header(record, MessageHeaders.MESSAGE_ID)))
                .toList();
        assertThat(crashed).isTrue();
        assertThat(records).as("the first batch went out twice").hasSize(40);
        assertThat(delivered).as("once each after deduplication by event id").hasSize(20);
    }

    @Test
    void oneRelayPerDatabaseLeadsAndAnotherTakesOverWhenItStops() {
        OutboxRelay first = relay(OutboxProducers.factory(bootstrapServers, "outbox-a"));
        OutboxRelay second = relay(OutboxProducers.factory(bootstrapServers, "outbox-b"));
        first.start();
        second.start();

        await().atMost(Duration.ofSeconds(5)).until(() -> first.isLeader() || second.isLeader());
        assertThat(first.isLeader() && second.isLeader()).isFalse();
        OutboxRelay leader = first.isLeader() ? first : second;
        OutboxRelay follower = leader == first ? second : first;

        leader.close();
        await().atMost(Duration.ofSeconds(5)).until(follower::isLeader);
        transactions.executeWithoutResult(tx -> append("order-after-takeover", 1));
        assertThat(consume(1)).extracting(ConsumerRecord::key).containsExactly("order-after-takeover");
    }

    @Test
    void everyEnvelopeHeaderIsPublishedAsStored() {
        Envelope cause = Envelope.first("Cause.v1", "order-7", Instant.parse("2026-01-02T03:04:05.678Z"));
        Envelope envelope = cause.next("Test.v1", Instant.parse("2026-01-02T03:04:06Z"))
                .withTraceparent("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
        transactions.executeWithoutResult(
                tx -> Outbox.append(database, topic, "order-7", envelope, "{\"sequence\":1}"));

        relay(OutboxProducers.factory(bootstrapServers, "outbox-it")).start();

        ConsumerRecord<String, String> record = consume(1).getFirst();
        assertThat(Envelope.fromHeaders(name -> header(record, name))).isEqualTo(envelope);
    }

    @Test
    void aRowAppendedInsideASpanReachesKafkaInThatTraceAsAChildOfTheRelaysProducerSpan() {
        List<SpanData> ended = new CopyOnWriteArrayList<>();
        SdkTracerProvider tracerProvider = SdkTracerProvider.builder()
                .addSpanProcessor(new SpanProcessor() {
                    @Override
                    public void onStart(io.opentelemetry.context.Context parent, ReadWriteSpan span) {}

                    @Override
                    public boolean isStartRequired() {
                        return false;
                    }

                    @Override
                    public void onEnd(ReadableSpan span) {
                        ended.add(span.toSpanData());
                    }

                    @Override
                    public boolean isEndRequired() {
                        return true;
                    }
                })
                .build();
        OpenTelemetrySdk openTelemetry =
                OpenTelemetrySdk.builder().setTracerProvider(tracerProvider).build();
        Span placing =
                openTelemetry.getTracer("test").spanBuilder("place order").startSpan();
        try (Scope _ = placing.makeCurrent()) {
            transactions.executeWithoutResult(tx -> append("order-traced", 1));
        } finally {
            placing.end();
        }

        relay(
                        OutboxProducers.factory(bootstrapServers, "outbox-it"),
                        FAST,
                        new OpenTelemetryOutboxTracing(openTelemetry))
                .start();

        String traceparent = header(consume(1).getFirst(), MessageHeaders.TRACEPARENT);
        String traceId = placing.getSpanContext().getTraceId();
        assertThat(traceparent).startsWith("00-" + traceId + "-").endsWith("-01");
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(ended)
                        .filteredOn(span -> span.getKind() == SpanKind.PRODUCER)
                        .singleElement()
                        .satisfies(publish -> {
                            assertThat(publish.getTraceId()).isEqualTo(traceId);
                            assertThat(publish.getParentSpanId())
                                    .isEqualTo(placing.getSpanContext().getSpanId());
                            assertThat(traceparent).contains("-" + publish.getSpanId() + "-");
                            assertThat(publish.getName()).isEqualTo(topic + " publish");
                        }));
        tracerProvider.close();
    }

    @Test
    void aRowTheBrokerKeepsRefusingIsSetAsideAfterMaxAttemptsAndTheRowsBehindItArePublished() throws Exception {
        // A topic that takes records up to 20 kB (above the producer's batch.size, so batches of small records
        // always fit) and a row of 30 kB: the broker refuses it with RecordTooLargeException, every time.
        topic = "outbox-it-small-" + UUID.randomUUID();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1)
                            .configs(Map.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, "20000"))))
                    .all()
                    .get();
        }
        transactions.executeWithoutResult(tx -> {
            append("order-1", 1);
            append("order-1", "{\"sequence\":2,\"padding\":\"" + "x".repeat(30_000) + "\"}");
            append("order-2", 3);
            append("order-1", 4);
            append("order-2", 5);
        });

        relay(OutboxProducers.factory(bootstrapServers, "outbox-it")).start();

        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(unpublishedRows()).isZero());
        Map<String, Object> setAside = database.sql(
                        "select attempts, last_error from outbox where set_aside_at is not null")
                .query()
                .singleRow();
        assertThat(setAside.get("attempts")).isEqualTo(FAST.maxAttempts());
        assertThat((String) setAside.get("last_error")).contains("RecordTooLargeException");
        // The rows behind the refused one went again with each of its attempts: at least once.
        assertThat(consume(4)).extracting(OutboxRelayIT::sequenceOf).containsOnly(1, 3, 4, 5);
        assertThat(meters.get("outbox.dead").gauge().value()).isEqualTo(1.0);
        assertThat(meters.get("outbox.set.aside").counter().count()).isEqualTo(1.0);
    }

    @Test
    void aFatalProducerErrorClosesTheProducerAndTheNextOneBuiltPublishes() {
        transactions.executeWithoutResult(tx -> append("order-1", 1));
        AtomicInteger built = new AtomicInteger();
        OutboxProducerFactory fencedFirst =
                new OutboxProducerFactory(OutboxProducers.config(bootstrapServers, "outbox-fenced"), config -> {
                    boolean first = built.incrementAndGet() == 1;
                    return new KafkaProducer<>(config) {
                        @Override
                        public Future<RecordMetadata> send(ProducerRecord<String, String> record, Callback callback) {
                            if (first) {
                                throw new ProducerFencedException("fenced, for the test");
                            }
                            return super.send(record, callback);
                        }
                    };
                });

        relay(fencedFirst).start();

        assertThat(consume(1)).extracting(OutboxRelayIT::sequenceOf).containsExactly(1);
        assertThat(built).hasValue(2);
        assertThat(meters.get("outbox.producer.rebuilt").counter().count()).isEqualTo(1.0);
    }

    @Test
    void aRelayRefusesAProducerThatMayBlockLongerThanItsSendTimeout() {
        Map<String, Object> config = new HashMap<>(OutboxProducers.config(bootstrapServers, "outbox-slow"));
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, FAST.sendTimeout().toMillis());
        OutboxProducerFactory blockingLong = new OutboxProducerFactory(config, KafkaProducer::new);

        assertThatThrownBy(() -> relay(blockingLong))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("max.block.ms");
        assertThat(OutboxProducers.factory(bootstrapServers, "outbox-it").maxBlock())
                .isLessThan(OutboxSettings.DEFAULTS.sendTimeout());
    }

    @Test
    void publishedRowsAreCleanedUpOnScheduleWhileRowsKeepArriving() {
        OutboxSettings cleaningOften = new OutboxSettings(
                Duration.ofMillis(20),
                10,
                Duration.ZERO,
                Duration.ofSeconds(15),
                Duration.ofMillis(200),
                Duration.ofSeconds(3),
                2,
                Duration.ofMillis(100));
        appendMany(500);
        long firstId =
                database.sql("select min(id) from outbox").query(Long.class).single();
        AtomicBoolean appending = new AtomicBoolean(true);
        // Fifty rows per statement against a relay taking ten per round: the backlog only grows, the relay is
        // never idle (an idle relay cleaned up before too; a busy one never did).
        Thread appender = Thread.ofPlatform().start(() -> {
            while (appending.get()) {
                appendMany(50);
            }
        });
        try {
            relay(OutboxProducers.factory(bootstrapServers, "outbox-it"), cleaningOften, OutboxTracing.NONE)
                    .start();

            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                long early = database.sql("select count(*) from outbox where id < :limit")
                        .param("limit", firstId + 20)
                        .query(Long.class)
                        .single();
                long backlog = unpublishedRows();
                assertThat(early).as("the first rows, published and deleted").isZero();
                assertThat(backlog)
                        .as("rows still waiting: the relay was busy all along")
                        .isGreaterThan(100);
            });
        } finally {
            appending.set(false);
            try {
                appender.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Test
    void aCommitWakesTheLeaderWhoseNextPollIsAnHourAway() {
        OutboxRelay relay =
                relay(OutboxProducers.factory(bootstrapServers, "outbox-it"), NOTIFIED_ONLY, OutboxTracing.NONE);
        relay.start();
        awaitListeningAndIdle(relay);

        transactions.executeWithoutResult(tx -> append("order-notified", 1));

        // Published with the poll an hour away and the LISTEN session intact: the commit's notification woke it.
        assertThat(consume(1)).extracting(ConsumerRecord::key).containsExactly("order-notified");
        assertThat(wakeups("notify")).isGreaterThanOrEqualTo(1.0);
        assertThat(wakeups("poll")).isZero();
    }

    @Test
    void aRowWrittenWithoutANotificationIsPublishedByThePoll() {
        OutboxRelay relay = relay(OutboxProducers.factory(bootstrapServers, "outbox-it"));
        relay.start();
        awaitListeningAndIdle(relay);

        appendMany(3); // plain inserts: no pg_notify

        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(unpublishedRows()).isZero());
        assertThat(consume(3)).hasSize(3);
        assertThat(wakeups("poll")).isGreaterThanOrEqualTo(1.0);
        assertThat(wakeups("notify")).as("nothing notified").isZero();
    }

    @Test
    void aKilledListenerIsReplacedWithoutLosingTheLeaseAndCommitsWakeTheLeaderAgain() {
        OutboxRelay relay =
                relay(OutboxProducers.factory(bootstrapServers, "outbox-it"), NOTIFIED_ONLY, OutboxTracing.NONE);
        relay.start();
        awaitListeningAndIdle(relay);
        int killed = relay.listenerPid();

        terminate(killed);
        // Its notification may reach no one: the leader reads at once, and again after it LISTENs anew.
        transactions.executeWithoutResult(tx -> append("order-while-relistening", 1));

        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(unpublishedRows()).isZero());
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            Integer pid = relay.listenerPid();
            return pid != null && pid != killed;
        });
        awaitListeningAndIdle(relay);
        double notifiedBefore = wakeups("notify");
        transactions.executeWithoutResult(tx -> append("order-after-relistening", 2));

        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(unpublishedRows()).isZero());
        assertThat(wakeups("notify")).isGreaterThan(notifiedBefore);
        assertThat(consume(2))
                .extracting(ConsumerRecord::key)
                .containsExactlyInAnyOrder("order-while-relistening", "order-after-relistening");
        assertThat(relay.isLeader()).as("the lease has a session of its own").isTrue();
    }

    @Test
    void aListenSessionGivenBackToThePoolNoLongerListens() throws Exception {
        TestInfrastructure.PostgresEndpoints postgres =
                TestInfrastructure.shared().postgres("outbox");
        try (HikariDataSource single = new HikariDataSource()) {
            single.setJdbcUrl(postgres.primaryUrl());
            single.setUsername(postgres.username());
            single.setPassword(postgres.password());
            single.setMaximumPoolSize(1);
            OutboxListener listener =
                    OutboxListener.listen(single, Outbox.CHANNEL, Duration.ofSeconds(3), Duration.ofSeconds(30));
            int pid = listener.pid();

            listener.close();

            JdbcClient next = JdbcClient.create(single);
            assertThat(next.sql("select pg_backend_pid()").query(Integer.class).single())
                    .as("the same session, back in the pool")
                    .isEqualTo(pid);
            assertThat(next.sql("select count(*) from pg_listening_channels()")
                            .query(Long.class)
                            .single())
                    .isZero();
            assertThat(next.sql("show idle_session_timeout").query(String.class).single())
                    .isEqualTo("0");
        }
    }

    private void awaitListeningAndIdle(OutboxRelay relay) {
        await().atMost(Duration.ofSeconds(20)).until(() -> relay.isListening() && relay.isIdle());
    }

    private double wakeups(String cause) {
        return meters.get("outbox.relay.wakeups").tag("cause", cause).counter().count();
    }

    private void terminate(int pid) {
        database.sql("select pg_terminate_backend(:pid)")
                .param("pid", pid)
                .query()
                .listOfRows();
    }

    private void appendMany(int count) {
        database.sql("""
                        insert into outbox (topic, aggregate_id, event_type, event_id, payload, correlation_id, occurred_at)
                        select :topic, 'order-' || (n % 7), 'Test.v1', gen_random_uuid(),
                               jsonb_build_object('sequence', n), 'order-' || (n % 7), clock_timestamp()
                        from generate_series(1, :count) n""").param("topic", topic).param("count", count).update();
    }

    private OutboxRelay relay(OutboxProducerFactory producers) {
        return relay(producers, FAST, OutboxTracing.NONE);
    }

    private OutboxRelay relay(OutboxProducerFactory producers, OutboxSettings settings, OutboxTracing tracing) {
        OutboxRelay relay = new OutboxRelay("it", dataSource, producers, settings, meters, tracing, Clock.systemUTC());
        relays.add(relay);
        return relay;
    }

    private void append(String aggregateId, int sequence) {
        append(aggregateId, "{\"sequence\":" + sequence + "}");
    }

    private void append(String aggregateId, String payload) {
        Outbox.append(database, topic, aggregateId, Envelope.first("Test.v1", aggregateId, Instant.now()), payload);
    }

    private long unpublishedRows() {
        return database.sql("select count(*) from outbox where published_at is null and set_aside_at is null")
                .query(Long.class)
                .single();
    }

    /** Every other session on the database dies (the relay's lease and its worker's), as when its process is killed. */
    private void terminateLeaderSessions() {
        JdbcClient.create(dataSource).sql("""
                select pg_terminate_backend(pid) from pg_stat_activity
                where datname = current_database() and pid <> pg_backend_pid()""").query().listOfRows();
    }

    /** The topic from the start until {@code expected} records arrived (and a little longer, to catch extras). */
    private List<ConsumerRecord<String, String>> consume(int expected) {
        return new TopicReader(bootstrapServers).read(topic, expected, Duration.ofSeconds(30));
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        return TopicReader.header(record, name);
    }

    private static int sequenceOf(ConsumerRecord<String, String> record) {
        return Integer.parseInt(record.value().replaceAll("\\D+", ""));
    }
}
