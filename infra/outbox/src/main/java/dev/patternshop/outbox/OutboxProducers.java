package dev.patternshop.outbox;

import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The producer a relay needs, with the guarantees set here rather than left to configuration: every
 * write acknowledged by all in-sync replicas, and idempotence, so that the producer's own retries never
 * duplicate or reorder a partition's records.
 */
public final class OutboxProducers {

    private OutboxProducers() {}

    /** The factory relays take ({@link OutboxRelay}, {@link OutboxRelays}): producers with {@link #config}. */
    public static OutboxProducerFactory factory(String bootstrapServers, String clientId) {
        return OutboxProducerFactory.kafka(bootstrapServers, clientId);
    }

    public static Producer<String, String> create(String bootstrapServers, String clientId) {
        return new KafkaProducer<>(config(bootstrapServers, clientId));
    }

    public static Map<String, Object> config(String bootstrapServers, String clientId) {
        return Map.ofEntries(
                Map.entry(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers),
                Map.entry(ProducerConfig.CLIENT_ID_CONFIG, clientId),
                Map.entry(ProducerConfig.ACKS_CONFIG, "all"),
                Map.entry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true),
                Map.entry(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5),
                Map.entry(ProducerConfig.LINGER_MS_CONFIG, 5),
                // The broker must acknowledge within 10 s (retries included); the relay waits a bit longer.
                Map.entry(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000),
                Map.entry(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 10_000),
                // send() waits at most 5 s for metadata or buffer space (Kafka's default is 60 s), below the
                // relay's send timeout, which OutboxRelay checks: a round against a broker that is down ends in time.
                Map.entry(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000),
                Map.entry(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class),
                Map.entry(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class));
    }
}
