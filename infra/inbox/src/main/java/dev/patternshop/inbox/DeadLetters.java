package dev.patternshop.inbox;

import dev.patternshop.events.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dead letters of a service's consumers, for an admin: list the newest, replay one.
 *
 * <p>A replay publishes the dead letter back to its original topic with its key, body and original headers (the
 * envelope, so the same message id) plus {@link DeadLetterHeaders#REPLAYED_FROM}. Fix the cause first (deploy the
 * handler fix, add the missing product); if the message had been applied after all, the inbox skips it, so replaying
 * twice, or replaying what another consumer of the topic already applied, is harmless. The dead letter itself stays
 * on the dead-letter topic (a log is not edited); {@code replayedFrom} on a newer dead letter shows a replay that
 * failed again.
 *
 * <p>Reads use a short-lived consumer with no group (nothing is committed, no consumer group is disturbed).
 */
public final class DeadLetters implements AutoCloseable {

    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 500;

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetters.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final Duration POLL = Duration.ofMillis(200);

    private final String bootstrapServers;
    private final Map<String, String> topicByConsumer;
    private Producer<String, byte[]> producer;

    /** @param consumers the service's consumers; their names say whose dead letters to show */
    public DeadLetters(String bootstrapServers, Collection<InboxConsumer> consumers) {
        this.bootstrapServers = Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        Map<String, String> topics = new LinkedHashMap<>();
        consumers.forEach(consumer -> topics.put(consumer.name(), consumer.topic()));
        this.topicByConsumer = Map.copyOf(topics);
    }

    public Set<String> consumers() {
        return topicByConsumer.keySet();
    }

    /** The newest {@code limit} dead letters of every consumer, newest first. */
    public List<DeadLetter> list(int limit) {
        checkLimit(limit);
        List<DeadLetter> all = new ArrayList<>();
        topicByConsumer.keySet().forEach(consumer -> all.addAll(list(consumer, limit)));
        return all.stream()
                .sorted(Comparator.comparing(DeadLetter::deadLetteredAt).reversed())
                .limit(limit)
                .toList();
    }

    /**
     * The newest {@code limit} dead letters of one consumer, newest first.
     *
     * @throws NoSuchDeadLetter for a consumer this service does not have
     */
    public List<DeadLetter> list(String consumer, int limit) {
        checkLimit(limit);
        String deadLetterTopic = deadLetterTopic(consumer);
        List<DeadLetter> found = new ArrayList<>();
        try (Consumer<String, byte[]> reader = reader()) {
            List<TopicPartition> partitions = partitions(reader, deadLetterTopic);
            if (partitions.isEmpty()) {
                return List.of();
            }
            reader.assign(partitions);
            Map<TopicPartition, Long> begin = reader.beginningOffsets(partitions, TIMEOUT);
            Map<TopicPartition, Long> end = reader.endOffsets(partitions, TIMEOUT);
            // Each partition's last `limit` records hold the newest `limit` of the topic.
            partitions.forEach(
                    partition -> reader.seek(partition, Math.max(begin.get(partition), end.get(partition) - limit)));
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (System.nanoTime() < deadline && !atEnd(reader, partitions, end)) {
                for (ConsumerRecord<String, byte[]> record : reader.poll(POLL)) {
                    DeadLetter letter = DeadLetter.of(record);
                    if (consumer.equals(letter.consumer())) {
                        found.add(letter);
                    }
                }
            }
        }
        return found.stream()
                .sorted(Comparator.comparing(DeadLetter::deadLetteredAt).reversed())
                .limit(limit)
                .toList();
    }

    /**
     * Publishes the dead letter at these coordinates of the consumer's dead-letter topic back to its original topic.
     *
     * @return the dead letter that was replayed
     * @throws NoSuchDeadLetter when the consumer, the partition or the offset does not name a dead letter of it
     */
    public DeadLetter replay(String consumer, int partition, long offset) {
        String deadLetterTopic = deadLetterTopic(consumer);
        ConsumerRecord<String, byte[]> record = read(consumer, deadLetterTopic, partition, offset);
        DeadLetter letter = DeadLetter.of(record);
        String target = letter.originalTopic() != null ? letter.originalTopic() : topicByConsumer.get(consumer);
        RecordHeaders headers = new RecordHeaders();
        for (Header header : record.headers()) {
            if (!DeadLetterHeaders.deadLetterOnly(header.key())) {
                headers.add(header);
            }
        }
        headers.add(
                DeadLetterHeaders.REPLAYED_FROM,
                DeadLetterHeaders.bytes(deadLetterTopic + "/" + partition + "/" + offset));
        try {
            producer()
                    .send(new ProducerRecord<>(target, null, record.key(), record.value(), headers))
                    .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while replaying " + deadLetterTopic, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("the broker did not take the replay of a dead letter", e);
        }
        LOG.info(
                "{}: replayed dead letter {}/{}/{} (message {}) to {}",
                consumer,
                deadLetterTopic,
                partition,
                offset,
                letter.messageId(),
                target);
        return letter;
    }

    @Override
    public synchronized void close() {
        if (producer != null) {
            producer.close(TIMEOUT);
            producer = null;
        }
    }

    private ConsumerRecord<String, byte[]> read(String consumer, String deadLetterTopic, int partition, long offset) {
        String where = deadLetterTopic + "/" + partition + "/" + offset;
        try (Consumer<String, byte[]> reader = reader()) {
            TopicPartition coordinates = new TopicPartition(deadLetterTopic, partition);
            if (!partitions(reader, deadLetterTopic).contains(coordinates)) {
                throw new NoSuchDeadLetter("there is no dead letter at " + where);
            }
            reader.assign(List.of(coordinates));
            long begin = reader.beginningOffsets(List.of(coordinates), TIMEOUT).get(coordinates);
            long end = reader.endOffsets(List.of(coordinates), TIMEOUT).get(coordinates);
            if (offset < begin || offset >= end) {
                throw new NoSuchDeadLetter("there is no dead letter at " + where);
            }
            reader.seek(coordinates, offset);
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (System.nanoTime() < deadline && reader.position(coordinates) < end) {
                for (ConsumerRecord<String, byte[]> record : reader.poll(POLL)) {
                    if (record.offset() == offset
                            && consumer.equals(DeadLetter.of(record).consumer())) {
                        return record;
                    }
                    if (record.offset() >= offset) {
                        throw new NoSuchDeadLetter("there is no dead letter of " + consumer + " at " + where);
                    }
                }
            }
            throw new NoSuchDeadLetter("there is no dead letter of " + consumer + " at " + where);
        }
    }

    private String deadLetterTopic(String consumer) {
        String topic = topicByConsumer.get(consumer);
        if (topic == null) {
            throw new NoSuchDeadLetter("this service has no consumer named " + consumer);
        }
        return Topics.deadLetter(topic);
    }

    private static List<TopicPartition> partitions(Consumer<?, ?> reader, String topic) {
        try {
            List<PartitionInfo> partitions = reader.partitionsFor(topic, TIMEOUT);
            return partitions == null
                    ? List.of()
                    : partitions.stream()
                            .map(info -> new TopicPartition(topic, info.partition()))
                            .toList();
        } catch (UnknownTopicOrPartitionException e) {
            return List.of();
        }
    }

    private static boolean atEnd(
            Consumer<?, ?> reader, List<TopicPartition> partitions, Map<TopicPartition, Long> end) {
        return partitions.stream().allMatch(partition -> reader.position(partition) >= end.get(partition));
    }

    private static void checkLimit(int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT);
        }
    }

    private Consumer<String, byte[]> reader() {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "dead-letters-" + UUID.randomUUID());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
    }

    private synchronized Producer<String, byte[]> producer() {
        if (producer == null) {
            Map<String, Object> config = new HashMap<>();
            config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
            config.put(ProducerConfig.CLIENT_ID_CONFIG, "dead-letter-replay");
            config.put(ProducerConfig.ACKS_CONFIG, "all");
            config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
            config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000);
            config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
            config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 9_000);
            producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
        }
        return producer;
    }
}
