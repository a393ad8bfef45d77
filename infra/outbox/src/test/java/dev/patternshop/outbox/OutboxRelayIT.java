package dev.patternshop.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import dev.patternshop.events.MessageHeaders;
import dev.patternshop.testsupport.TestInfrastructure;
import dev.patternshop.testsupport.kafka.TopicReader;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The outbox on real Postgres and a real Kafka broker: committed events reach the topic in order per
 * aggregate, rolled-back ones never do, a crash between the send and the mark re-sends (and a consumer that
 * deduplicates by event id sees each event once), and exactly one relay per database publishes.
 */
class OutboxRelayIT {

    static final OutboxSettings FAST = new OutboxSettings(
            Duration.ofMillis(20), 50, Duration.ofHours(1), Duration.ofSeconds(15), Duration.ofMillis(200));
    static HikariDataSource dataSource;
    static String bootstrapServers;

    final List<OutboxRelay> relays = new ArrayList<>();
    final List<Producer<String, String>> producers = new ArrayList<>();
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
        producers.forEach(Producer::close);
    }

    @Test
    void committedEventsReachKafkaInOrderPerAggregateAndAreMarkedPublished() {
        for (int sequence = 1; sequence <= 10; sequence++) {
            for (String order : List.of("order-1", "order-2", "order-3")) {
                int n = sequence;
                transactions.executeWithoutResult(tx -> append(order, n));
            }
        }

        relay(OutboxProducers.create(bootstrapServers, "outbox-it")).start();

        List<ConsumerRecord<String, String>> records = consume(30);
        Map<String, List<Integer>> sequences = new HashMap<>();
        records.forEach(record -> sequences
                .computeIfAbsent(record.key(), key -> new ArrayList<>())
                .add(sequenceOf(record)));
        assertThat(sequences).containsOnlyKeys("order-1", "order-2", "order-3");
        sequences.values().forEach(seen -> assertThat(seen).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10));
        assertThat(records)
                .allSatisfy(record ->
                        assertThat(header(record, MessageHeaders.MESSAGE_TYPE)).isEqualTo("Test.v1"));
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

        relay(OutboxProducers.create(bootstrapServers, "outbox-it")).start();

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
        Producer<String, String> crashingOnce =
                new KafkaProducer<>(OutboxProducers.config(bootstrapServers, "outbox-crash")) {
                    @Override
                    public void flush() {
                        super.flush();
                        if (crashed.compareAndSet(false, true)) {
                            terminateLeaderSession();
                        }
                    }
                };

        relay(crashingOnce).start();

        await().atMost(Duration.ofSeconds(20))
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
        OutboxRelay first = relay(OutboxProducers.create(bootstrapServers, "outbox-a"));
        OutboxRelay second = relay(OutboxProducers.create(bootstrapServers, "outbox-b"));
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

    private OutboxRelay relay(Producer<String, String> producer) {
        producers.add(producer);
        OutboxRelay relay =
                new OutboxRelay("it", dataSource, producer, FAST, new SimpleMeterRegistry(), Clock.systemUTC());
        relays.add(relay);
        return relay;
    }

    private void append(String aggregateId, int sequence) {
        Outbox.append(database, topic, aggregateId, "Test.v1", UUID.randomUUID(), "{\"sequence\":" + sequence + "}");
    }

    private long unpublishedRows() {
        return database.sql("select count(*) from outbox where published_at is null")
                .query(Long.class)
                .single();
    }

    private void terminateLeaderSession() {
        JdbcClient.create(dataSource).sql("""
                select pg_terminate_backend(pid) from pg_locks
                where locktype = 'advisory' and granted and database = (select oid from pg_database where datname = current_database())""").query().listOfRows();
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
