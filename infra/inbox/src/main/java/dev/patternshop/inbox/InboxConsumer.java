package dev.patternshop.inbox;

import dev.patternshop.events.Topics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Tag;
import io.micrometer.observation.ObservationRegistry;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.MicrometerConsumerListener;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.ConsumerAwareRecordRecoverer;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.listener.RetryListener;
import org.springframework.kafka.support.KafkaHeaders;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * An idempotent consumer of one topic: every message is recorded by its message id in the {@code inbox} table in the
 * same database transaction as the change its handler makes, so a message delivered twice (a redelivery after a
 * crash or a rebalance, a producer's retry, a replayed dead letter) is applied once.
 *
 * <pre>{@code
 * InboxConsumer.builder("inventory", Topics.INVENTORY_COMMANDS, "inventory-service")
 *         .on(ReserveStock.TYPE, ReserveStock.class, reserving::reserve)
 *         .on(ReleaseReservation.TYPE, ReleaseReservation.class, releasing::release)
 *         .bootstrapServers(servers).meterRegistry(meters).observationRegistry(observations)
 *         .build(dataSource);
 * }</pre>
 *
 * <p><b>Delivery:</b> at least once from Kafka (the offset is committed after the transaction, record by record,
 * asynchronously), exactly once in effect (the inbox). The primary key {@code (consumer, message_id)} also settles
 * two instances that got the same message at the same time: the second insert waits for the first transaction, then
 * finds the row.
 *
 * <p><b>Failures:</b> a transient one ({@link RetryableMessageException}, a transient database error) is retried with
 * exponential backoff and jitter ({@link ConsumerSettings}), blocking: the partition waits, so an order's later
 * messages never overtake the failing one (non-blocking retry topics would reorder them). After the last attempt, or
 * at once for a failure no retry can cure (a malformed envelope, a body that does not parse, an unknown type when
 * {@link UnknownTypes#DEAD_LETTER}, any other exception), the record goes to {@code <topic>.dlt} with the same key,
 * its own headers and the failure in {@link DeadLetterHeaders}; its offset is then committed and the partition moves
 * on. If publishing the dead letter fails, the record is not acknowledged: it is delivered again and goes through its
 * attempts once more, so a message is never dropped, at worst dead-lettered twice.
 *
 * <p><b>Tracing:</b> the listener observation continues the trace of the record's {@code traceparent} header; a
 * handler runs inside that span. <b>Metrics:</b> see {@link ConsumerMetrics}; the Kafka client's own metrics
 * (consumer lag: {@code kafka.consumer.fetch.manager.records.lag.max}) are bound to the same registry, tagged
 * {@code consumer}.
 *
 * <p>A Spring {@link SmartLifecycle}: declared as a bean it starts with the context and stops (finishing the record in
 * hand) before the {@code DataSource} closes. It also deletes its inbox rows older than the retention, every few
 * minutes.
 */
public final class InboxConsumer implements SmartLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(InboxConsumer.class);
    private static final Duration CLEANUP_EVERY = Duration.ofMinutes(5);
    private static final Duration DEAD_LETTER_SEND_TIMEOUT = Duration.ofSeconds(15);

    private final String name;
    private final String topic;
    private final String groupId;
    private final InboxDatabases databases;
    private final ConsumerSettings settings;
    private final Clock clock;
    private final ConcurrentMessageListenerContainer<String, byte[]> container;
    private final DefaultKafkaProducerFactory<String, byte[]> deadLetterProducers;
    private ScheduledExecutorService cleanup;

    private InboxConsumer(Builder builder, InboxDatabases databases) {
        this.name = builder.name;
        this.topic = builder.topic;
        this.groupId = builder.groupId;
        this.databases = databases;
        this.settings = builder.settings;
        this.clock = builder.clock;
        ConsumerMetrics metrics = new ConsumerMetrics(builder.meters, name);
        this.deadLetterProducers = new DefaultKafkaProducerFactory<>(
                producerConfig(builder), new StringSerializer(), new ByteArraySerializer());
        InboxListener listener =
                new InboxListener(name, builder.routes, builder.unknownTypes, builder.json, databases, metrics);
        this.container = container(builder, listener, errorHandler(metrics));
    }

    /**
     * @param name    the consumer's name: its key in the inbox table, its metrics' {@code consumer} tag, its dead
     *                letters' owner; unique within the service
     * @param topic   the topic it consumes; dead letters go to {@link Topics#deadLetter(String)} of it
     * @param groupId the Kafka consumer group: every instance of the service uses the same one, and they share the
     *                topic's partitions
     */
    public static Builder builder(String name, String topic, String groupId) {
        return new Builder(name, topic, groupId);
    }

    public String name() {
        return name;
    }

    public String topic() {
        return topic;
    }

    public String deadLetterTopic() {
        return Topics.deadLetter(topic);
    }

    public String groupId() {
        return groupId;
    }

    @Override
    public synchronized void start() {
        if (container.isRunning()) {
            return;
        }
        container.start();
        cleanup = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("inbox-cleanup-" + name).factory());
        cleanup.scheduleWithFixedDelay(
                this::cleanUpQuietly, CLEANUP_EVERY.toMillis(), CLEANUP_EVERY.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Stops after the records in hand are handled and committed; can be started again. */
    @Override
    public synchronized void stop() {
        if (cleanup != null) {
            cleanup.shutdownNow();
            cleanup = null;
        }
        container.stop();
        deadLetterProducers.reset();
    }

    @Override
    public boolean isRunning() {
        return container.isRunning();
    }

    /** Deletes this consumer's inbox rows past the retention, in every database; returns how many. */
    public int cleanUp() {
        Instant before = clock.instant().minus(settings.inboxRetention());
        return databases.all().stream()
                .mapToInt(database -> InboxTable.deleteReceivedBefore(database.jdbc(), name, before))
                .sum();
    }

    /** The partitions this instance holds now (empty while it joins the group). */
    Collection<TopicPartition> assignedPartitions() {
        Collection<TopicPartition> assigned = container.getAssignedPartitions();
        return assigned == null ? List.of() : assigned;
    }

    private void cleanUpQuietly() {
        try {
            int deleted = cleanUp();
            if (deleted > 0) {
                LOG.info("{}: deleted {} inbox rows older than {}", name, deleted, settings.inboxRetention());
            }
        } catch (RuntimeException e) {
            LOG.warn("{}: inbox clean-up failed; trying again later: {}", name, e.toString());
        }
    }

    private ConcurrentMessageListenerContainer<String, byte[]> container(
            Builder builder, InboxListener listener, DefaultErrorHandler errorHandler) {
        Map<String, Object> config = new HashMap<>(builder.kafkaProperties);
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, builder.bootstrapServers);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        // Every record is its own transaction and commit; a smaller poll keeps a slow batch within max.poll.interval.
        config.putIfAbsent(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 100);
        config.putIfAbsent(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, (int)
                settings.sessionTimeout().toMillis());
        config.putIfAbsent(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, (int)
                settings.sessionTimeout().dividedBy(3).toMillis());
        DefaultKafkaConsumerFactory<String, byte[]> consumers =
                new DefaultKafkaConsumerFactory<>(config, new StringDeserializer(), new ByteArrayDeserializer());
        consumers.addListener(new MicrometerConsumerListener<>(builder.meters, List.of(Tag.of("consumer", name))));

        ContainerProperties properties = new ContainerProperties(topic);
        properties.setGroupId(groupId);
        properties.setClientId(name + "-" + UUID.randomUUID().toString().substring(0, 8));
        properties.setAckMode(ContainerProperties.AckMode.RECORD);
        // Committed without waiting for the broker: the inbox already makes a redelivery harmless, so a commit lost
        // in a crash costs a duplicate the inbox absorbs, and no record waits a round trip for the one before it.
        properties.setSyncCommits(false);
        properties.setObservationEnabled(true);
        properties.setObservationRegistry(builder.observations);
        properties.setDeliveryAttemptHeader(true);
        properties.setMessageListener(listener);
        ConcurrentMessageListenerContainer<String, byte[]> created =
                new ConcurrentMessageListenerContainer<>(consumers, properties);
        created.setConcurrency(settings.concurrency());
        created.setCommonErrorHandler(errorHandler);
        created.setBeanName("inbox-" + name);
        return created;
    }

    private DefaultErrorHandler errorHandler(ConsumerMetrics metrics) {
        DeadLetterPublishingRecoverer publisher = new DeadLetterPublishingRecoverer(
                new KafkaTemplate<>(deadLetterProducers),
                // Partition -1: the producer picks it from the key, so the dead letters of one order stay together.
                (record, failure) -> new TopicPartition(Topics.deadLetter(record.topic()), -1));
        publisher.setWaitForSendResultTimeout(DEAD_LETTER_SEND_TIMEOUT);
        publisher.setFailIfSendResultIsError(true);
        publisher.setHeadersFunction(this::failureHeaders);
        ConsumerAwareRecordRecoverer recoverer = (record, consumer, failure) -> {
            publisher.accept(record, consumer, failure);
            metrics.deadLettered();
            Throwable reason = FailureClassification.reason(failure);
            LOG.warn(
                    "{}: record {}-{}@{} sent to {}: {}",
                    name,
                    record.topic(),
                    record.partition(),
                    record.offset(),
                    Topics.deadLetter(record.topic()),
                    reason.toString());
        };
        DefaultErrorHandler handler = new DefaultErrorHandler(recoverer, RetryBackOff.from(settings));
        // Only the listener's Retry wrapper is retryable: FailureClassification decided, in one place.
        handler.setClassifications(Map.of(FailureClassification.Retry.class, true), false);
        handler.setCommitRecovered(true);
        handler.setRetryListeners(new RetryListener() {
            @Override
            public void failedDelivery(ConsumerRecord<?, ?> record, Exception failure, int deliveryAttempt) {
                if (FailureClassification.retryable(failure) && deliveryAttempt < settings.maxAttempts()) {
                    metrics.retried();
                    LOG.info(
                            "{}: delivery {} of {} of record {}-{}@{} failed; retrying after a backoff: {}",
                            name,
                            deliveryAttempt,
                            settings.maxAttempts(),
                            record.topic(),
                            record.partition(),
                            record.offset(),
                            FailureClassification.reason(failure).toString());
                }
            }
        });
        return handler;
    }

    private Headers failureHeaders(ConsumerRecord<?, ?> record, Exception failure) {
        Throwable reason = FailureClassification.reason(failure);
        String message = Objects.toString(reason.getMessage(), "");
        if (message.length() > DeadLetterHeaders.MAX_MESSAGE) {
            message = message.substring(0, DeadLetterHeaders.MAX_MESSAGE);
        }
        RecordHeaders headers = new RecordHeaders();
        headers.add(DeadLetterHeaders.CONSUMER, DeadLetterHeaders.bytes(name));
        headers.add(
                DeadLetterHeaders.EXCEPTION,
                DeadLetterHeaders.bytes(reason.getClass().getName()));
        headers.add(DeadLetterHeaders.FAILURE, DeadLetterHeaders.bytes(message));
        headers.add(DeadLetterHeaders.ATTEMPTS, DeadLetterHeaders.bytes(Integer.toString(attempts(record))));
        headers.add(
                DeadLetterHeaders.AT, DeadLetterHeaders.bytes(clock.instant().toString()));
        headers.add(DeadLetterHeaders.ORIGINAL_TOPIC, DeadLetterHeaders.bytes(record.topic()));
        headers.add(
                DeadLetterHeaders.ORIGINAL_PARTITION, DeadLetterHeaders.bytes(Integer.toString(record.partition())));
        headers.add(DeadLetterHeaders.ORIGINAL_OFFSET, DeadLetterHeaders.bytes(Long.toString(record.offset())));
        return headers;
    }

    /** The container numbers the deliveries of a record in a header (the first is 1). */
    private static int attempts(ConsumerRecord<?, ?> record) {
        Header attempt = record.headers().lastHeader(KafkaHeaders.DELIVERY_ATTEMPT);
        return attempt == null || attempt.value().length != Integer.BYTES
                ? 1
                : ByteBuffer.wrap(attempt.value()).getInt();
    }

    private static Map<String, Object> producerConfig(Builder builder) {
        Map<String, Object> config = new HashMap<>(builder.kafkaProperties);
        // The extra properties are the consumer's; the ones a producer knows too (security, ...) apply to it.
        config.keySet().retainAll(ProducerConfig.configNames());
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, builder.bootstrapServers);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "inbox-dlt-" + builder.name);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 10_000);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000);
        return config;
    }

    /** Builds a consumer; {@link #on} once per message type it handles. */
    public static final class Builder {

        private final String name;
        private final String topic;
        private final String groupId;
        private final Map<String, InboxListener.Route<?>> routes = new LinkedHashMap<>();
        private UnknownTypes unknownTypes = UnknownTypes.DEAD_LETTER;
        private ConsumerSettings settings = ConsumerSettings.DEFAULTS;
        private MeterRegistry meters = Metrics.globalRegistry;
        private ObservationRegistry observations = ObservationRegistry.NOOP;
        private JsonMapper json = JsonMapper.builder().build();
        private String bootstrapServers = "127.0.0.1:9092";
        private Map<String, Object> kafkaProperties = Map.of();
        private Clock clock = Clock.systemUTC();

        private Builder(String name, String topic, String groupId) {
            this.name = requireText(name, "name");
            this.topic = requireText(topic, "topic");
            this.groupId = requireText(groupId, "groupId");
        }

        /**
         * Handles messages of {@code type} (the envelope's message type, e.g. {@code ReserveStock.TYPE}): the body is
         * read into {@code contract} (unknown fields ignored) and given to the handler inside the inbox transaction.
         */
        public <T> Builder on(String type, Class<T> contract, MessageHandler<? super T> handler) {
            requireText(type, "type");
            if (routes.putIfAbsent(
                            type,
                            new InboxListener.Route<>(
                                    Objects.requireNonNull(contract, "contract"),
                                    Objects.requireNonNull(handler, "handler")))
                    != null) {
                throw new IllegalArgumentException("consumer " + name + " already handles " + type);
            }
            return this;
        }

        /** What to do with a type no {@link #on} names: {@link UnknownTypes#DEAD_LETTER} unless told otherwise. */
        public Builder unknownTypes(UnknownTypes policy) {
            this.unknownTypes = Objects.requireNonNull(policy, "policy");
            return this;
        }

        public Builder settings(ConsumerSettings settings) {
            this.settings = Objects.requireNonNull(settings, "settings");
            return this;
        }

        public Builder bootstrapServers(String bootstrapServers) {
            this.bootstrapServers = requireText(bootstrapServers, "bootstrapServers");
            return this;
        }

        /** More Kafka client properties (security, timeouts); the ones the inbox relies on cannot be overridden. */
        public Builder kafkaProperties(Map<String, Object> properties) {
            this.kafkaProperties = Map.copyOf(properties);
            return this;
        }

        public Builder meterRegistry(MeterRegistry meters) {
            this.meters = Objects.requireNonNull(meters, "meters");
            return this;
        }

        /** The registry whose tracing handler continues the record's trace (Spring Boot's, in a service). */
        public Builder observationRegistry(ObservationRegistry observations) {
            this.observations = Objects.requireNonNull(observations, "observations");
            return this;
        }

        /** The mapper bodies are read with; a copy that ignores unknown fields is used. */
        public Builder jsonMapper(JsonMapper json) {
            this.json = Objects.requireNonNull(json, "json");
            return this;
        }

        Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** A consumer whose messages are all recorded and applied in this database. */
        public InboxConsumer build(DataSource dataSource) {
            return build(InboxDatabases.single(dataSource));
        }

        /** A consumer that records and applies each message in the database that owns its key. */
        public InboxConsumer build(InboxDatabases databases) {
            if (routes.isEmpty()) {
                throw new IllegalStateException("consumer " + name + " handles no message type: add one with on(...)");
            }
            json = json.rebuild()
                    .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                    .build();
            return new InboxConsumer(this, Objects.requireNonNull(databases, "databases"));
        }

        private static String requireText(String value, String what) {
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException("an inbox consumer needs a " + what);
            }
            return value;
        }
    }
}
