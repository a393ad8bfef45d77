package dev.patternshop.testsupport.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads a topic from its start the way a new consumer group would, for tests that check what was published
 * (including duplicates: it keeps reading a little after the expected count arrived, to catch extras).
 */
public final class TopicReader {

    private static final Duration POLL = Duration.ofMillis(500);
    private static final int QUIET_POLLS = 2;

    private final String bootstrapServers;

    public TopicReader(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    /** Records of the topic that match, until {@code expected} arrived and two polls brought nothing more. */
    public List<ConsumerRecord<String, String>> read(
            String topic, Predicate<ConsumerRecord<String, String>> matching, int expected, Duration timeout) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "topic-reader-" + UUID.randomUUID());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + timeout.toNanos();
            int quietPolls = 0;
            while (System.nanoTime() < deadline && (records.size() < expected || quietPolls < QUIET_POLLS)) {
                int before = records.size();
                consumer.poll(POLL).forEach(record -> {
                    if (matching.test(record)) {
                        records.add(record);
                    }
                });
                quietPolls = records.size() >= expected && records.size() == before ? quietPolls + 1 : 0;
            }
        }
        return records;
    }

    public List<ConsumerRecord<String, String>> read(String topic, int expected, Duration timeout) {
        return read(topic, record -> true, expected, timeout);
    }

    /** A header's value as text, or null when the record has none. */
    public static String header(ConsumerRecord<String, String> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
