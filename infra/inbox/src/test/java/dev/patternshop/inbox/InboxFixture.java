package dev.patternshop.inbox;

import com.zaxxer.hikari.HikariDataSource;
import dev.patternshop.events.Envelope;
import dev.patternshop.events.Topics;
import dev.patternshop.outbox.Outbox;
import dev.patternshop.testsupport.TestInfrastructure;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.StringSerializer;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The real Postgres database and Kafka broker the inbox tests share (once per test JVM), and what they do with them:
 * fresh topics, records sent with an envelope, a handler's change (a row in {@code applied} plus a reply appended to
 * the outbox, in the inbox's transaction).
 */
final class InboxFixture {

    static final String TYPE = TestCommand.TYPE;
    static final HikariDataSource DATA_SOURCE = dataSource();
    static final String BOOTSTRAP_SERVERS = TestInfrastructure.shared().kafkaBootstrapServers();
    static final JdbcClient DATABASE = JdbcClient.create(DATA_SOURCE);
    private static final Producer<String, String> PRODUCER = producer();

    private InboxFixture() {}

    /** The contract the tests send; {@code note} is a field the consumer does not know (it must be ignored). */
    record TestCommand(String orderId, int quantity) {
        static final String TYPE = "TestCommand.v1";
    }

    private static HikariDataSource dataSource() {
        TestInfrastructure.PostgresEndpoints postgres =
                TestInfrastructure.shared().postgres("inbox");
        HikariDataSource dataSource = new HikariDataSource();
        dataSource.setJdbcUrl(postgres.primaryUrl());
        dataSource.setUsername(postgres.username());
        dataSource.setPassword(postgres.password());
        dataSource.setMaximumPoolSize(12);
        Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/outbox", "classpath:db/inbox", "classpath:db/inbox-test")
                .load()
                .migrate();
        return dataSource;
    }

    private static Producer<String, String> producer() {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                BOOTSTRAP_SERVERS,
                ProducerConfig.ACKS_CONFIG,
                "all",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                StringSerializer.class));
    }

    /** A topic of its own for a test, and its dead-letter topic. */
    static String createTopic(int partitions) {
        String topic = "inbox-it-" + UUID.randomUUID();
        try (Admin admin = admin()) {
            admin.createTopics(List.of(
                            new NewTopic(topic, partitions, (short) 1),
                            new NewTopic(Topics.deadLetter(topic), 2, (short) 1)))
                    .all()
                    .get();
        } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException(e);
        }
        return topic;
    }

    static Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, BOOTSTRAP_SERVERS));
    }

    /** The group's committed offset of a partition (0 when nothing was committed). */
    static long committedOffset(String group, TopicPartition partition) {
        try (Admin admin = admin()) {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata()
                    .get();
            OffsetAndMetadata offset = offsets.get(partition);
            return offset == null ? 0 : offset.offset();
        } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    static Envelope envelope(String type, String orderId) {
        return Envelope.first(type, orderId, Instant.now());
    }

    static String body(String orderId) {
        return "{\"orderId\":\"" + orderId + "\",\"quantity\":2,\"note\":\"a field this consumer does not know\"}";
    }

    static void send(String topic, Integer partition, String key, Envelope envelope, String body) {
        List<Header> headers = new ArrayList<>();
        envelope.headers().forEach((name, value) -> headers.add(header(name, value)));
        send(topic, partition, key, headers, body);
    }

    static void send(String topic, Integer partition, String key, List<Header> headers, String body) {
        try {
            PRODUCER.send(new ProducerRecord<>(topic, partition, key, body, headers))
                    .get();
        } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    static Header header(String name, String value) {
        return new RecordHeader(name, value.getBytes(StandardCharsets.UTF_8));
    }

    /** The handler's change: a row per application, and a reply in the outbox, both in the inbox's transaction. */
    static void apply(String consumer, String instance, TestCommand command, Envelope envelope) {
        DATABASE.sql("insert into applied (consumer, message_id, record_key, instance) values (?, ?, ?, ?)")
                .params(consumer, envelope.messageId(), command.orderId(), instance)
                .update();
        Outbox.append(
                DATABASE,
                "inbox-it.replies",
                command.orderId(),
                envelope.next("TestReply.v1", Instant.now()),
                "{\"orderId\":\"" + command.orderId() + "\"}");
    }

    static long applied(String consumer) {
        return DATABASE.sql("select count(*) from applied where consumer = ?")
                .param(consumer)
                .query(Long.class)
                .single();
    }

    static long distinctApplied(String consumer) {
        return DATABASE.sql("select count(distinct message_id) from applied where consumer = ?")
                .param(consumer)
                .query(Long.class)
                .single();
    }
}
