package dev.patternshop.inbox;

import static dev.patternshop.inbox.InboxFixture.DATABASE;
import static dev.patternshop.inbox.InboxFixture.applied;
import static dev.patternshop.inbox.InboxFixture.body;
import static dev.patternshop.inbox.InboxFixture.envelope;
import static dev.patternshop.inbox.InboxFixture.header;
import static dev.patternshop.inbox.InboxFixture.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.patternshop.events.Envelope;
import dev.patternshop.events.MessageHeaders;
import dev.patternshop.events.Topics;
import dev.patternshop.inbox.InboxFixture.TestCommand;
import dev.patternshop.testsupport.kafka.TopicReader;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.handler.DefaultTracingObservationHandler;
import io.micrometer.tracing.handler.PropagatingReceiverTracingObservationHandler;
import io.micrometer.tracing.handler.PropagatingSenderTracingObservationHandler;
import io.micrometer.tracing.otel.bridge.OtelCurrentTraceContext;
import io.micrometer.tracing.otel.bridge.OtelPropagator;
import io.micrometer.tracing.otel.bridge.OtelTracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The idempotent consumer on a real Postgres database and a real Kafka broker: a message is applied once and its
 * offset committed; twins delivered concurrently to two instances apply once; a transient failure is retried; poison
 * messages reach the dead-letter topic and their partition moves on; a rebalance loses and doubles nothing; the
 * handler continues the record's trace.
 */
class InboxConsumerIT {

    /** Fast retries, so the bounded attempts pass quickly; 4 deliveries in all. */
    static final ConsumerSettings FAST = new ConsumerSettings(
            1, 4, Duration.ofMillis(50), 2.0, Duration.ofMillis(400), 0.2, Duration.ofDays(8), Duration.ofSeconds(10));

    static final Duration PATIENCE = Duration.ofSeconds(60);

    final List<InboxConsumer> consumers = new ArrayList<>();
    final MeterRegistry meters = new SimpleMeterRegistry();
    String name;
    String group;

    @BeforeEach
    void freshConsumerName() {
        name = "it-" + UUID.randomUUID().toString().substring(0, 8);
        group = "group-" + name;
    }

    final CountDownLatch unfreeze = new CountDownLatch(1);

    @AfterEach
    void stopConsumers() {
        unfreeze.countDown();
        consumers.forEach(InboxConsumer::stop);
    }

    @Test
    void aMessageIsAppliedOnceItsOffsetCommittedAndTheSameMessageAgainIsADuplicate() {
        String topic = InboxFixture.createTopic(1);
        start(builder(topic)
                .on(
                        TestCommand.TYPE,
                        TestCommand.class,
                        (command, envelope) -> InboxFixture.apply(name, "a", command, envelope)));
        String order = name + "-order";
        Envelope envelope = envelope(TestCommand.TYPE, order);

        send(topic, 0, order, envelope, body(order));

        await().atMost(PATIENCE).until(() -> applied(name) == 1);
        await().atMost(PATIENCE).until(() -> InboxFixture.committedOffset(group, new TopicPartition(topic, 0)) == 1);
        assertThat(DATABASE.sql("select count(*) from outbox where aggregate_id = ?")
                        .param(order)
                        .query(Long.class)
                        .single())
                .as("the handler's reply committed with the inbox row")
                .isOne();
        assertThat(DATABASE.sql("select message_type from inbox where consumer = ? and message_id = ?")
                        .params(name, envelope.messageId())
                        .query(String.class)
                        .single())
                .isEqualTo(TestCommand.TYPE);

        send(topic, 0, order, envelope, body(order));

        await().atMost(PATIENCE).until(() -> consumed("duplicate") == 1);
        await().atMost(PATIENCE).until(() -> InboxFixture.committedOffset(group, new TopicPartition(topic, 0)) == 2);
        assertThat(applied(name)).isOne();
        assertThat(consumed("applied")).isOne();
    }

    @Test
    void twinsDeliveredConcurrentlyToTwoInstancesAreAppliedOnceAndTheSecondWaitsForTheFirstsCommit() throws Exception {
        String topic = InboxFixture.createTopic(2);
        CountDownLatch firstInside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger calls = new AtomicInteger();
        MessageHandler<TestCommand> holdingTheFirst = (command, envelope) -> {
            InboxFixture.apply(name, "either", command, envelope);
            if (calls.incrementAndGet() == 1) {
                firstInside.countDown();
                await().atMost(PATIENCE).until(() -> release.await(100, TimeUnit.MILLISECONDS));
            }
        };
        InboxConsumer first = start(builder(topic).on(TestCommand.TYPE, TestCommand.class, holdingTheFirst));
        InboxConsumer second = start(builder(topic).on(TestCommand.TYPE, TestCommand.class, holdingTheFirst));
        await().atMost(PATIENCE)
                .until(() -> first.assignedPartitions().size() == 1
                        && second.assignedPartitions().size() == 1);
        Envelope twin = envelope(TestCommand.TYPE, "order-twin");

        // The same message (same id) on both partitions: each instance gets one copy.
        send(topic, 0, "order-twin", twin, body("order-twin"));
        send(topic, 1, "order-twin", twin, body("order-twin"));

        assertThat(firstInside.await(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isTrue();
        // The other instance's insert of the same inbox key waits on the first's uncommitted row.
        await().atMost(PATIENCE).until(() -> DATABASE.sql("""
                        select count(*) from pg_stat_activity
                        where wait_event_type = 'Lock' and query like '%insert into inbox%'""").query(Long.class).single() == 1);
        release.countDown();

        await().atMost(PATIENCE).until(() -> consumed("applied") + consumed("duplicate") == 2);
        assertThat(consumed("applied")).isOne();
        assertThat(consumed("duplicate")).isOne();
        assertThat(applied(name)).isOne();
        assertThat(calls).hasValue(1);
    }

    @Test
    void aTransientFailureIsRetriedThenAppliedOnce() {
        String topic = InboxFixture.createTopic(1);
        AtomicInteger failures = new AtomicInteger();
        start(builder(topic).on(TestCommand.TYPE, TestCommand.class, (command, envelope) -> {
            InboxFixture.apply(name, "a", command, envelope);
            if (failures.incrementAndGet() <= 2) {
                throw new CannotGetJdbcConnectionException("the pool is briefly exhausted");
            }
        }));

        send(topic, 0, "order-2", envelope(TestCommand.TYPE, "order-2"), body("order-2"));

        await().atMost(PATIENCE).until(() -> consumed("applied") == 1);
        assertThat(applied(name)).as("the failed attempts rolled back").isOne();
        assertThat(counter(ConsumerMetrics.RETRIED)).isEqualTo(2);
        assertThat(counter(ConsumerMetrics.DEAD_LETTERED)).isZero();
    }

    @Test
    void poisonMessagesReachTheDeadLetterTopicWithTheirFailureAndThePartitionMovesOn() {
        String topic = InboxFixture.createTopic(1);
        start(builder(topic)
                .on(
                        TestCommand.TYPE,
                        TestCommand.class,
                        (command, envelope) -> InboxFixture.apply(name, "a", command, envelope))
                .on("AlwaysFails.v1", TestCommand.class, (command, envelope) -> {
                    throw new RetryableMessageException("the provider is down, still");
                }));
        Envelope unparseable = envelope(TestCommand.TYPE, "order-p");
        Envelope alwaysFails = envelope("AlwaysFails.v1", "order-p");
        Envelope unknown = envelope("NobodyHandles.v1", "order-p");
        Envelope good = envelope(TestCommand.TYPE, "order-p");

        send(topic, 0, "order-p", List.of(header(MessageHeaders.MESSAGE_TYPE, TestCommand.TYPE)), body("order-p"));
        send(topic, 0, "order-p", unparseable, "{not json");
        send(topic, 0, "order-p", alwaysFails, body("order-p"));
        send(topic, 0, "order-p", unknown, body("order-p"));
        send(topic, 0, "order-p", good, body("order-p"));

        await().atMost(PATIENCE).until(() -> applied(name) == 1);
        List<ConsumerRecord<String, String>> deadLetters =
                new TopicReader(InboxFixture.BOOTSTRAP_SERVERS).read(Topics.deadLetter(topic), 4, PATIENCE);
        assertThat(deadLetters).hasSize(4).allSatisfy(letter -> {
            assertThat(letter.key()).isEqualTo("order-p");
            assertThat(TopicReader.header(letter, DeadLetterHeaders.ORIGINAL_TOPIC))
                    .isEqualTo(topic);
            assertThat(TopicReader.header(letter, DeadLetterHeaders.ORIGINAL_PARTITION))
                    .isEqualTo("0");
            assertThat(TopicReader.header(letter, DeadLetterHeaders.CONSUMER)).isEqualTo(name);
            assertThat(TopicReader.header(letter, DeadLetterHeaders.AT)).isNotBlank();
        });
        assertThat(deadLetters)
                .extracting(
                        letter -> TopicReader.header(letter, DeadLetterHeaders.ORIGINAL_OFFSET),
                        letter -> TopicReader.header(letter, DeadLetterHeaders.EXCEPTION),
                        letter -> TopicReader.header(letter, DeadLetterHeaders.ATTEMPTS),
                        letter -> TopicReader.header(letter, MessageHeaders.MESSAGE_ID))
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("0", Envelope.MalformedEnvelope.class.getName(), "1", null),
                        org.assertj.core.groups.Tuple.tuple(
                                "1",
                                UnreadableMessage.class.getName(),
                                "1",
                                unparseable.messageId().toString()),
                        org.assertj.core.groups.Tuple.tuple(
                                "2",
                                RetryableMessageException.class.getName(),
                                "4",
                                alwaysFails.messageId().toString()),
                        org.assertj.core.groups.Tuple.tuple(
                                "3",
                                UnknownMessageType.class.getName(),
                                "1",
                                unknown.messageId().toString()));
        ConsumerRecord<String, String> failing = deadLetters.stream()
                .filter(letter -> "2".equals(TopicReader.header(letter, DeadLetterHeaders.ORIGINAL_OFFSET)))
                .findFirst()
                .orElseThrow();
        assertThat(TopicReader.header(failing, DeadLetterHeaders.FAILURE)).isEqualTo("the provider is down, still");
        assertThat(TopicReader.header(failing, MessageHeaders.CORRELATION_ID)).isEqualTo("order-p");
        assertThat(failing.value()).isEqualTo(body("order-p"));
        assertThat(counter(ConsumerMetrics.DEAD_LETTERED)).isEqualTo(4);
        assertThat(counter(ConsumerMetrics.RETRIED)).isEqualTo(3);
        await().atMost(PATIENCE).until(() -> InboxFixture.committedOffset(group, new TopicPartition(topic, 0)) == 5);
    }

    @Test
    void anEventsConsumerIgnoresAndCountsTypesItDoesNotHandle() {
        String topic = InboxFixture.createTopic(1);
        start(builder(topic)
                .unknownTypes(UnknownTypes.IGNORE)
                .on(
                        TestCommand.TYPE,
                        TestCommand.class,
                        (command, envelope) -> InboxFixture.apply(name, "a", command, envelope)));

        send(topic, 0, "order-3", envelope("SomethingElseHappened.v1", "order-3"), "{}");
        send(topic, 0, "order-3", envelope(TestCommand.TYPE, "order-3"), body("order-3"));

        await().atMost(PATIENCE).until(() -> applied(name) == 1);
        assertThat(consumed("ignored")).isOne();
        assertThat(counter(ConsumerMetrics.DEAD_LETTERED)).isZero();
    }

    @Test
    void everyMessageIsAppliedExactlyOnceWhileOneOfTwoInstancesLeavesTheGroup() {
        String topic = InboxFixture.createTopic(6);
        InboxConsumer staying = start(builder(topic)
                .on(
                        TestCommand.TYPE,
                        TestCommand.class,
                        (command, envelope) -> InboxFixture.apply(name, "staying", command, envelope)));
        InboxConsumer leaving = start(builder(topic)
                .on(
                        TestCommand.TYPE,
                        TestCommand.class,
                        (command, envelope) -> InboxFixture.apply(name, "leaving", command, envelope)));
        await().atMost(PATIENCE)
                .until(() -> !staying.assignedPartitions().isEmpty()
                        && !leaving.assignedPartitions().isEmpty());

        for (int i = 0; i < 100; i++) {
            send(topic, null, "order-" + (i % 24), envelope(TestCommand.TYPE, "order-" + (i % 24)), body("order-" + i));
        }
        await().atMost(PATIENCE).until(() -> appliedBy("leaving") >= 1 && applied(name) >= 30);
        leaving.stop();
        for (int i = 100; i < 200; i++) {
            send(topic, null, "order-" + (i % 24), envelope(TestCommand.TYPE, "order-" + (i % 24)), body("order-" + i));
        }

        await().atMost(PATIENCE).until(() -> applied(name) >= 200);
        await().atMost(PATIENCE).until(() -> staying.assignedPartitions().size() == 6);
        assertThat(applied(name)).isEqualTo(200);
        assertThat(InboxFixture.distinctApplied(name)).isEqualTo(200);
        assertThat(appliedBy("staying")).isPositive();
    }

    @Test
    void aMessageWhoseInstanceHangsAfterItsCommitIsRedeliveredToTheOtherAndFoundADuplicate() throws Exception {
        String topic = InboxFixture.createTopic(6);
        CountDownLatch hung = new CountDownLatch(1);
        AtomicInteger appliedByHanging = new AtomicInteger();
        InboxConsumer staying = start(builder(topic)
                .on(
                        TestCommand.TYPE,
                        TestCommand.class,
                        (command, envelope) -> InboxFixture.apply(name, "staying", command, envelope)));
        // The hanging instance is thrown out of the group once it has not polled for 10 s.
        InboxConsumer hanging = start(builder(topic)
                .kafkaProperties(Map.of(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, 10_000))
                .on(TestCommand.TYPE, TestCommand.class, (command, envelope) -> {
                    InboxFixture.apply(name, "hanging", command, envelope);
                    if (appliedByHanging.incrementAndGet() == 5) {
                        // Committed, then stuck before the offset commit: a process frozen at the worst moment.
                        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                            @Override
                            public void afterCommit() {
                                hung.countDown();
                                await().atMost(Duration.ofMinutes(5))
                                        .until(() -> unfreeze.await(100, TimeUnit.MILLISECONDS));
                            }
                        });
                    }
                }));
        await().atMost(PATIENCE)
                .until(() -> !staying.assignedPartitions().isEmpty()
                        && !hanging.assignedPartitions().isEmpty());

        for (int i = 0; i < 100; i++) {
            send(topic, null, "order-" + (i % 24), envelope(TestCommand.TYPE, "order-" + (i % 24)), body("order-" + i));
        }
        assertThat(hung.await(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isTrue();
        for (int i = 100; i < 200; i++) {
            send(topic, null, "order-" + (i % 24), envelope(TestCommand.TYPE, "order-" + (i % 24)), body("order-" + i));
        }

        await().atMost(PATIENCE).until(() -> applied(name) >= 200 && consumed("duplicate") >= 1);
        assertThat(staying.assignedPartitions()).hasSize(6);
        assertThat(applied(name)).isEqualTo(200);
        assertThat(InboxFixture.distinctApplied(name)).isEqualTo(200);
        assertThat(consumed("duplicate"))
                .as("the frozen instance's committed message, delivered again")
                .isOne();
    }

    @Test
    void theHandlerRunsInsideASpanOfTheTraceInTheRecordsTraceparent() {
        SdkTracerProvider tracerProvider = SdkTracerProvider.builder().build();
        ContextPropagators propagators = ContextPropagators.create(W3CTraceContextPropagator.getInstance());
        OpenTelemetrySdk openTelemetry = OpenTelemetrySdk.builder()
                .setTracerProvider(tracerProvider)
                .setPropagators(propagators)
                .build();
        io.opentelemetry.api.trace.Tracer otelTracer = openTelemetry.getTracer("inbox-it");
        OtelTracer tracer = new OtelTracer(otelTracer, new OtelCurrentTraceContext(), event -> {});
        OtelPropagator propagator = new OtelPropagator(propagators, otelTracer);
        ObservationRegistry observations = ObservationRegistry.create();
        observations
                .observationConfig()
                .observationHandler(new ObservationHandler.FirstMatchingCompositeObservationHandler(
                        new PropagatingReceiverTracingObservationHandler<>(tracer, propagator),
                        new PropagatingSenderTracingObservationHandler<>(tracer, propagator),
                        new DefaultTracingObservationHandler(tracer)));
        AtomicReference<String> traceInHandler = new AtomicReference<>();
        AtomicReference<String> spanInHandler = new AtomicReference<>();
        String topic = InboxFixture.createTopic(1);
        start(builder(topic)
                .observationRegistry(observations)
                .on(TestCommand.TYPE, TestCommand.class, (command, envelope) -> {
                    io.micrometer.tracing.Span span = tracer.currentSpan();
                    traceInHandler.set(span == null ? "no span" : span.context().traceId());
                    spanInHandler.set(span == null ? "no span" : span.context().spanId());
                    InboxFixture.apply(name, "a", command, envelope);
                }));
        String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        String producerSpanId = "00f067aa0ba902b7";

        send(
                topic,
                0,
                "order-t",
                envelope(TestCommand.TYPE, "order-t").withTraceparent("00-" + traceId + "-" + producerSpanId + "-01"),
                body("order-t"));

        await().atMost(PATIENCE).until(() -> applied(name) == 1);
        assertThat(traceInHandler).hasValue(traceId);
        assertThat(spanInHandler.get()).as("a consumer span of its own").isNotEqualTo(producerSpanId);
        tracerProvider.close();
    }

    @Test
    void theKafkaClientsRecordsLagIsInTheMeterRegistry() {
        String topic = InboxFixture.createTopic(1);
        start(builder(topic)
                .on(
                        TestCommand.TYPE,
                        TestCommand.class,
                        (command, envelope) -> InboxFixture.apply(name, "a", command, envelope)));

        send(topic, 0, "order-l", envelope(TestCommand.TYPE, "order-l"), body("order-l"));

        await().atMost(PATIENCE).until(() -> applied(name) == 1);
        await().atMost(PATIENCE)
                .untilAsserted(() -> assertThat(meters.find("kafka.consumer.fetch.manager.records.lag.max")
                                .tag("consumer", name)
                                .meters())
                        .isNotEmpty());
    }

    @Test
    void theCleanUpDeletesInboxRowsPastTheRetentionOnly() {
        String topic = InboxFixture.createTopic(1);
        InboxConsumer consumer = start(builder(topic)
                .on(
                        TestCommand.TYPE,
                        TestCommand.class,
                        (command, envelope) -> InboxFixture.apply(name, "a", command, envelope)));
        send(topic, 0, "order-c", envelope(TestCommand.TYPE, "order-c"), body("order-c"));
        send(topic, 0, "order-c", envelope(TestCommand.TYPE, "order-c"), body("order-c"));
        await().atMost(PATIENCE).until(() -> applied(name) == 2);
        DATABASE.sql("""
                        update inbox set received_at = now() - interval '9 days'
                        where consumer = ? and record_offset = 0""").param(name).update();

        assertThat(consumer.cleanUp()).isOne();
        assertThat(DATABASE.sql("select count(*) from inbox where consumer = ?")
                        .param(name)
                        .query(Long.class)
                        .single())
                .isOne();
    }

    InboxConsumer.Builder builder(String topic) {
        return InboxConsumer.builder(name, topic, group)
                .bootstrapServers(InboxFixture.BOOTSTRAP_SERVERS)
                .settings(FAST)
                .meterRegistry(meters);
    }

    InboxConsumer start(InboxConsumer.Builder builder) {
        InboxConsumer consumer = builder.build(InboxFixture.DATA_SOURCE);
        consumers.add(consumer);
        consumer.start();
        return consumer;
    }

    long consumed(String outcome) {
        return (long) meters.get(ConsumerMetrics.CONSUMED)
                .tag("consumer", name)
                .tag("outcome", outcome)
                .counter()
                .count();
    }

    long counter(String meter) {
        return (long) meters.get(meter).tag("consumer", name).counter().count();
    }

    long appliedBy(String instance) {
        return DATABASE.sql("select count(*) from applied where consumer = ? and instance = ?")
                .params(name, instance)
                .query(Long.class)
                .single();
    }
}
