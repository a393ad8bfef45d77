package dev.patternshop.outbox;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * Makes the producers relays use. A relay owns a factory, not a producer: after a fatal producer error (fenced,
 * authentication, closed) it closes its producer and builds a new one. Each relay gets its own producer, with
 * the relay's name appended to the client id.
 */
public final class OutboxProducerFactory {

    private final Map<String, Object> config;
    private final Function<Map<String, Object>, Producer<String, String>> constructor;

    /** @param constructor builds a producer from a config (tests wrap {@link KafkaProducer} to inject faults) */
    public OutboxProducerFactory(
            Map<String, Object> config, Function<Map<String, Object>, Producer<String, String>> constructor) {
        this.config = Map.copyOf(config);
        this.constructor = constructor;
    }

    /** Kafka producers with {@link OutboxProducers#config(String, String)}. */
    public static OutboxProducerFactory kafka(String bootstrapServers, String clientId) {
        return new OutboxProducerFactory(OutboxProducers.config(bootstrapServers, clientId), KafkaProducer::new);
    }

    public Producer<String, String> create(String relay) {
        Map<String, Object> relayConfig = new HashMap<>(config);
        relayConfig.put(
                ProducerConfig.CLIENT_ID_CONFIG,
                config.getOrDefault(ProducerConfig.CLIENT_ID_CONFIG, "outbox") + "-" + relay);
        return constructor.apply(relayConfig);
    }

    /** How long {@code send} may block (waiting for metadata or buffer space): {@code max.block.ms}. */
    public Duration maxBlock() {
        return millis(ProducerConfig.MAX_BLOCK_MS_CONFIG, 60_000);
    }

    /** How long the producer keeps retrying one record before it fails it: {@code delivery.timeout.ms}. */
    public Duration deliveryTimeout() {
        return millis(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 120_000);
    }

    /** Kafka's defaults when unset, as the producer itself would apply them. */
    private Duration millis(String key, long kafkaDefault) {
        Object value = config.get(key);
        return Duration.ofMillis(value == null ? kafkaDefault : Long.parseLong(value.toString()));
    }
}
