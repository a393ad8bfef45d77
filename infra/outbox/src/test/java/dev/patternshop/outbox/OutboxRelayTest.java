package dev.patternshop.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.patternshop.outbox.OutboxRelay.Failure;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.NetworkException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.junit.jupiter.api.Test;

/** What the relay makes of its settings and of the producer's failures, without a broker or a database. */
class OutboxRelayTest {

    @Test
    void theLibrarysProducersBlockLessThanTheDefaultSendTimeout() {
        OutboxProducerFactory producers = OutboxProducers.factory("127.0.0.1:9092", "test");

        assertThat(producers.maxBlock()).isLessThan(OutboxSettings.DEFAULTS.sendTimeout());
        assertThat(producers.deliveryTimeout()).isLessThan(OutboxSettings.DEFAULTS.sendTimeout());
        OutboxRelay.checkTimeouts(producers, OutboxSettings.DEFAULTS);
    }

    @Test
    void aProducerThatMayBlockAsLongAsTheSendTimeoutIsRefused() {
        Map<String, Object> config = new HashMap<>(OutboxProducers.config("127.0.0.1:9092", "test"));
        config.put(
                ProducerConfig.MAX_BLOCK_MS_CONFIG,
                OutboxSettings.DEFAULTS.sendTimeout().toMillis());

        assertThatThrownBy(() -> OutboxRelay.checkTimeouts(
                        new OutboxProducerFactory(config, KafkaProducer::new), OutboxSettings.DEFAULTS))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("max.block.ms");
    }

    @Test
    void aProducerWithKafkasDefaultMaxBlockOfAMinuteIsRefused() {
        Map<String, Object> config = new HashMap<>(OutboxProducers.config("127.0.0.1:9092", "test"));
        config.remove(ProducerConfig.MAX_BLOCK_MS_CONFIG);

        assertThatThrownBy(() -> OutboxRelay.checkTimeouts(
                        new OutboxProducerFactory(config, KafkaProducer::new), OutboxSettings.DEFAULTS))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aRecordTheBrokerRefusesCountsAgainstTheRow() {
        assertThat(Failure.of(new RecordTooLargeException("too large"))).isEqualTo(Failure.REFUSED);
    }

    @Test
    void anOutageOrAMissingTopicIsRetriedWithoutCounting() {
        assertThat(Failure.of(new NetworkException("down"))).isEqualTo(Failure.TRANSIENT);
        assertThat(Failure.of(new org.apache.kafka.common.errors.TimeoutException("no metadata")))
                .isEqualTo(Failure.TRANSIENT);
        assertThat(Failure.of(new UnknownTopicOrPartitionException("not yet"))).isEqualTo(Failure.TRANSIENT);
        assertThat(Failure.of(new TimeoutException())).isEqualTo(Failure.TRANSIENT);
    }

    @Test
    void aFencedUnauthenticatedOrClosedProducerIsRebuilt() {
        assertThat(Failure.of(new ProducerFencedException("fenced"))).isEqualTo(Failure.FATAL);
        assertThat(Failure.of(new AuthenticationException("who"))).isEqualTo(Failure.FATAL);
        assertThat(Failure.of(new IllegalStateException("Cannot perform operation after producer has been closed")))
                .isEqualTo(Failure.FATAL);
    }

    @Test
    void aLeaseTooShortToHeartbeatIsRefused() {
        assertThatThrownBy(() -> new OutboxSettings(
                        Duration.ofMillis(50),
                        200,
                        Duration.ofHours(1),
                        Duration.ofSeconds(15),
                        Duration.ofSeconds(1),
                        Duration.ofMillis(100),
                        5,
                        Duration.ofMinutes(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("lease");
    }

    @Test
    void theSettingsBeforeTheLeaseGetItsDefaults() {
        OutboxSettings settings = new OutboxSettings(
                Duration.ofMillis(50), 200, Duration.ofHours(1), Duration.ofSeconds(15), Duration.ofSeconds(1));

        assertThat(settings.lease()).isEqualTo(OutboxSettings.DEFAULT_LEASE);
        assertThat(settings.maxAttempts()).isEqualTo(OutboxSettings.DEFAULT_MAX_ATTEMPTS);
        assertThat(settings.cleanupInterval()).isEqualTo(OutboxSettings.DEFAULT_CLEANUP_INTERVAL);
    }
}
