package dev.patternshop.outbox;

import dev.patternshop.events.Envelope;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes one database's outbox to Kafka: at least once, in order per aggregate, every envelope header.
 *
 * <p><b>One leader per database, on a lease.</b> Every instance of the service runs a relay; the one holding
 * the {@link OutboxLease} publishes, the others ask again every {@code takeoverInterval}. The lease is a
 * transaction-level advisory lock in a transaction that Postgres ends after {@code lease} of silence
 * ({@code idle_in_transaction_session_timeout}); the leader heartbeats it every third of the lease. A leader
 * that dies, freezes (GC pause, SIGSTOP) or is cut off therefore loses the lock within one lease, and a
 * follower takes over within {@code lease + takeoverInterval}. Before every batch the leader checks its own
 * view of the lease (last good heartbeat less than a lease ago); a leader that wakes from a freeze finds it
 * expired and steps down without sending. Why not {@code FOR UPDATE SKIP LOCKED} batches on every instance:
 * they would publish different rows of the same order concurrently, and its events could reach Kafka out of
 * order; one reader per database keeps order with no extra machinery.
 *
 * <p><b>At least once</b>: a round sends a batch (ordered by id), waits for every acknowledgement (acks=all,
 * idempotent producer), then marks the acknowledged prefix as published. A crash between the send and the
 * mark sends those rows again after the takeover; consumers deduplicate on the message id. A send that fails
 * ends the prefix at that row: it and the rows after it go again in the next round.
 *
 * <p><b>A row the broker keeps refusing is set aside.</b> When the broker refuses the first failed row for
 * something about the row itself (a record too large for the topic, an invalid topic name), its
 * {@code attempts} grow and {@code last_error} says why; after {@code maxAttempts} refusals its
 * {@code set_aside_at} is set: the relay's work list leaves it out, a WARN names it, {@code outbox.dead} counts
 * it, and the rows behind it are published. It stays in the table (same id, same envelope) until an operator
 * repairs and replays it ({@code update outbox set set_aside_at = null, attempts = 0 where id = ...}) or deletes
 * it; clean-up never deletes it. Why a column rather than a dead table: the row keeps its id and envelope, and
 * replaying it is one update. Failures that are about the broker rather than the row (timeouts, a broker that
 * is down, a topic not in the metadata yet) are retried without counting: setting rows aside during an outage
 * would empty the outbox into the dead rows. They hold the database's outbox, and {@code outbox.relay.lag}
 * shows it.
 *
 * <p><b>Per-aggregate order after a set-aside</b>: the later events of the same aggregate are published; the
 * set-aside row is a gap in its aggregate's stream until it is replayed, when it arrives late (consumers treat
 * it like any redelivery: the inbox deduplicates it, the handler checks the aggregate's state). Holding the
 * aggregate back instead would be a half promise: the rows behind a refused one in the same batch were
 * usually sent already when the refusal came back (sends are pipelined), so its later events may be on the
 * topic anyway; and a held aggregate would fail its checkout silently where a gap fails it visibly.
 *
 * <p><b>Producer errors.</b> A fatal one (fenced, authentication, a closed producer, any other non-retriable
 * error that is not about the row) closes the producer and builds a new one from the factory for the next
 * round. The producer's {@code max.block.ms} and {@code delivery.timeout.ms} must be below {@code sendTimeout}
 * (checked here): a send never outlives the round that waits for it.
 *
 * <p><b>Woken by commits, polling as the safety net.</b> {@link Outbox#append} notifies {@link Outbox#CHANNEL},
 * which Postgres delivers at commit. The leader LISTENs on a connection of its own from the same DataSource
 * ({@link OutboxListener}) and, finding nothing to send, waits on it: a commit wakes it at once, and only when none
 * comes does it look again after {@code pollInterval}. A busy leader does not wait. A LISTEN session that fails
 * (killed, network) never stops publishing: the leader reads at once, polls, and LISTENs again every
 * {@code takeoverInterval} ({@link OutboxWakeups}). Followers do not listen.
 *
 * <p><b>Clean-up</b> of published rows past {@code retention} runs every {@code cleanupInterval} on the leader,
 * between rounds, however busy it is.
 *
 * <p>Metrics ({@code relay} tag = the database's name): {@code outbox.relay.lag} (age of the oldest unpublished
 * row, seconds), {@code outbox.publish.delay} (commit to acknowledged, a timer), {@code outbox.published},
 * {@code outbox.relay.leader} (1 while leading), {@code outbox.dead} (rows set aside in the database, as last
 * seen by the leader), {@code outbox.set.aside} (rows this instance set aside), {@code outbox.producer.rebuilt},
 * {@code outbox.relay.wakeups} (an idle leader woken, tag {@code cause} = {@code notify} or {@code poll}).
 */
public class OutboxRelay implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(OutboxRelay.class);
    /** The advisory lock key space; the second key is fixed: one relay role per database. */
    static final int LOCK_CLASS = 0x0b0c;

    static final int LOCK_RELAY = 1;

    private final String name;
    private final DataSource dataSource;
    private final OutboxProducerFactory producers;
    private final OutboxSettings settings;
    private final OutboxTracing tracing;
    private final Clock clock;
    private final AtomicInteger leader = new AtomicInteger();
    private final AtomicLong lagMillis = new AtomicLong();
    private final AtomicLong deadRows = new AtomicLong();
    private final Counter published;
    private final Counter setAside;
    private final Counter producerRebuilt;
    private final Timer publishDelay;
    private final Counter notifyWakeups;
    private final Counter pollWakeups;
    private volatile boolean running;
    private volatile boolean idle;
    private volatile OutboxWakeups wakeups;
    private volatile Thread worker;
    private volatile OutboxLease lease;
    private Producer<String, String> producer;
    private Instant nextCleanup = Instant.MIN;

    public OutboxRelay(
            String name,
            DataSource dataSource,
            OutboxProducerFactory producers,
            OutboxSettings settings,
            MeterRegistry meters,
            OutboxTracing tracing,
            Clock clock) {
        checkTimeouts(producers, settings);
        this.name = name;
        this.dataSource = dataSource;
        this.producers = producers;
        this.settings = settings;
        this.tracing = tracing;
        this.clock = clock;
        Gauge.builder("outbox.relay.leader", leader, AtomicInteger::get)
                .tag("relay", name)
                .description("1 while this instance publishes the database's outbox")
                .register(meters);
        Gauge.builder("outbox.relay.lag", lagMillis, lag -> lag.get() / 1000.0)
                .tag("relay", name)
                .baseUnit("seconds")
                .description("age of the oldest unpublished outbox row")
                .register(meters);
        Gauge.builder("outbox.dead", deadRows, AtomicLong::get)
                .tag("relay", name)
                .baseUnit("rows")
                .description("outbox rows set aside after the broker refused them max-attempts times")
                .register(meters);
        this.published = Counter.builder("outbox.published").tag("relay", name).register(meters);
        this.setAside = Counter.builder("outbox.set.aside")
                .tag("relay", name)
                .description("rows this instance set aside")
                .register(meters);
        this.producerRebuilt = Counter.builder("outbox.producer.rebuilt")
                .tag("relay", name)
                .description("producers closed and built again after a fatal error")
                .register(meters);
        this.publishDelay = Timer.builder("outbox.publish.delay")
                .tag("relay", name)
                .description("from the row's commit to the broker's acknowledgement")
                .publishPercentiles(0.5, 0.99)
                .register(meters);
        this.notifyWakeups = wakeups(meters, name, "notify");
        this.pollWakeups = wakeups(meters, name, "poll");
    }

    private static Counter wakeups(MeterRegistry meters, String relay, String cause) {
        return Counter.builder("outbox.relay.wakeups")
                .tag("relay", relay)
                .tag("cause", cause)
                .description("an idle leader woken: by a commit's notification, or by the poll (the safety net)")
                .register(meters);
    }

    /**
     * @throws IllegalArgumentException unless the producers' {@code max.block.ms} and {@code delivery.timeout.ms}
     *     are below the relay's send timeout: a send must not outlive the round that waits for it
     */
    public static void checkTimeouts(OutboxProducerFactory producers, OutboxSettings settings) {
        if (producers.maxBlock().compareTo(settings.sendTimeout()) >= 0
                || producers.deliveryTimeout().compareTo(settings.sendTimeout()) >= 0) {
            throw new IllegalArgumentException("the outbox producer's max.block.ms (" + producers.maxBlock()
                    + ") and delivery.timeout.ms (" + producers.deliveryTimeout()
                    + ") must be below the relay's send timeout (" + settings.sendTimeout()
                    + "): a send must not outlive the round that waits for it");
        }
    }

    /** A relay without tracing, on the system clock. */
    public OutboxRelay(
            String name,
            DataSource dataSource,
            OutboxProducerFactory producers,
            OutboxSettings settings,
            MeterRegistry meters) {
        this(name, dataSource, producers, settings, meters, OutboxTracing.NONE, Clock.systemUTC());
    }

    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        worker = Thread.ofPlatform().daemon().name("outbox-relay-" + name).start(this::run);
    }

    /** Stops after the current round; a round in flight either marks what was acknowledged or is re-sent later. */
    @Override
    public void close() {
        running = false;
        Thread thread = worker;
        if (thread != null) {
            thread.interrupt();
            // A wait for notifications is a socket read, which an interrupt does not end.
            OutboxWakeups waiting = wakeups;
            if (waiting != null) {
                waiting.abort();
            }
            try {
                thread.join(settings.sendTimeout()
                        .plus(settings.lease())
                        .plusSeconds(5)
                        .toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** True while this relay holds a valid lease on its database. */
    public boolean isLeader() {
        OutboxLease current = lease;
        return leader.get() == 1 && current != null && current.valid();
    }

    public String name() {
        return name;
    }

    /** True while this relay, leading, has a LISTEN session open for commits' notifications. */
    public boolean isListening() {
        OutboxWakeups current = wakeups;
        return current != null && current.listening();
    }

    /** The LISTEN session's server process ({@code pg_stat_activity.pid}), or null: for tests and operators. */
    Integer listenerPid() {
        OutboxWakeups current = wakeups;
        return current == null ? null : current.listenerPid();
    }

    /** True while the leader, having found nothing to send, waits to be woken (for tests). */
    boolean isIdle() {
        return idle;
    }

    private void run() {
        try {
            while (running) {
                try {
                    OutboxLease acquired =
                            OutboxLease.tryAcquire(name, dataSource, settings.lease(), LOCK_CLASS, LOCK_RELAY);
                    if (acquired == null) {
                        pause(settings.takeoverInterval());
                        continue;
                    }
                    try (acquired;
                            Connection connection = dataSource.getConnection();
                            OutboxWakeups listening = wakeups()) {
                        lease = acquired;
                        wakeups = listening;
                        leader.set(1);
                        LOG.info("Outbox relay {} leads (lease {})", name, settings.lease());
                        lead(acquired, connection, listening);
                    } finally {
                        leader.set(0);
                        lagMillis.set(0); // the new leader reports it
                        lease = null;
                        wakeups = null;
                        idle = false;
                    }
                } catch (SQLException | RuntimeException e) {
                    if (running) {
                        LOG.warn("Outbox relay {} lost its database or broker; retrying: {}", name, e.toString());
                        pause(settings.takeoverInterval());
                    }
                }
            }
        } catch (Error e) {
            // The lease was closed on the way out (try-with-resources): another instance takes over.
            LOG.error("Outbox relay {} stopped; another instance takes over", name, e);
            throw e;
        } finally {
            Thread.interrupted(); // close() interrupted us; the producer's close must not see it
            closeProducer();
        }
    }

    /**
     * The leader's wake-ups: a LISTEN session on the same DataSource (the primary), LISTENing again every
     * {@code takeoverInterval} after it broke. The server ends a session that stops pinging after twice the longest
     * the relay's thread may be busy between two pings (a round and its lease), so a frozen process does not hold
     * the notification queue back for long.
     */
    private OutboxWakeups wakeups() {
        Duration idleTimeout = settings.sendTimeout().plus(settings.lease()).multipliedBy(2);
        return new OutboxWakeups(
                name,
                () -> OutboxListener.listen(dataSource, Outbox.CHANNEL, settings.lease(), idleTimeout),
                settings.pollInterval(),
                settings.takeoverInterval(),
                System::nanoTime,
                Thread::sleep);
    }

    private void lead(OutboxLease lease, Connection connection, OutboxWakeups wakeups) throws SQLException {
        connection.setAutoCommit(true);
        refreshDeadRows(connection);
        while (running) {
            if (!lease.valid()) {
                stepDown();
                return;
            }
            cleanUpIfDue(connection);
            wakeups.beforeRead();
            List<OutboxMessage> batch = unpublished(connection);
            lagMillis.set(
                    batch.isEmpty()
                            ? 0
                            : Math.max(
                                    0,
                                    Duration.between(batch.get(0).createdAt(), clock.instant())
                                            .toMillis()));
            if (batch.isEmpty()) {
                if (!running) {
                    return;
                }
                idle = true;
                OutboxWakeups.Cause cause = wakeups.await();
                idle = false;
                (cause == OutboxWakeups.Cause.NOTIFY ? notifyWakeups : pollWakeups).increment();
                continue;
            }
            // The last look before sending: the lease may have run out while this thread was frozen.
            if (!lease.valid()) {
                stepDown();
                return;
            }
            Round round = send(batch);
            markPublished(connection, round.acknowledged());
            if (round.failure() != null) {
                handle(connection, round);
                pause(settings.takeoverInterval());
            }
        }
    }

    private void stepDown() {
        LOG.warn(
                "Outbox relay {} lost its lease (no heartbeat answered within {}): steps down without sending",
                name,
                settings.lease());
    }

    private List<OutboxMessage> unpublished(Connection connection) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("""
                select id, topic, aggregate_id, event_type, event_id, payload::text, created_at,
                       correlation_id, causation_id, occurred_at, traceparent, attempts
                from outbox where published_at is null and set_aside_at is null order by id limit ?""")) {
            select.setInt(1, settings.batchSize());
            try (ResultSet rows = select.executeQuery()) {
                List<OutboxMessage> batch = new ArrayList<>();
                while (rows.next()) {
                    Envelope envelope = new Envelope(
                            rows.getObject(5, UUID.class),
                            rows.getString(4),
                            rows.getString(8),
                            rows.getObject(9, UUID.class),
                            rows.getTimestamp(10).toInstant(),
                            rows.getString(11));
                    batch.add(new OutboxMessage(
                            rows.getLong(1),
                            rows.getString(2),
                            rows.getString(3),
                            envelope,
                            rows.getString(6),
                            rows.getTimestamp(7).toInstant(),
                            rows.getInt(12)));
                }
                return batch;
            }
        }
    }

    /** What came of a round: the ids acknowledged in order up to the first failure, and that failure. */
    private record Round(List<Long> acknowledged, OutboxMessage failed, Throwable failure) {}

    private Round send(List<OutboxMessage> batch) {
        Producer<String, String> producer = producer();
        List<Future<RecordMetadata>> sends = new ArrayList<>(batch.size());
        for (OutboxMessage message : batch) {
            Future<RecordMetadata> sent = send(producer, message);
            sends.add(sent);
            if (sent.isDone() && failed(sent)) {
                break; // refused before it left (closed producer, no metadata): the rest would fare no better
            }
        }
        try {
            producer.flush();
        } catch (RuntimeException e) {
            // The futures say what became of each record.
        }
        long deadline = System.nanoTime() + settings.sendTimeout().toNanos();
        List<Long> acknowledged = new ArrayList<>(sends.size());
        for (int i = 0; i < sends.size(); i++) {
            OutboxMessage message = batch.get(i);
            try {
                sends.get(i).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (ExecutionException e) {
                return new Round(acknowledged, message, e.getCause());
            } catch (TimeoutException e) {
                return new Round(acknowledged, message, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Round(acknowledged, message, e);
            }
            acknowledged.add(message.id());
            publishDelay.record(Duration.between(message.createdAt(), clock.instant()));
        }
        return new Round(acknowledged, null, null);
    }

    private Future<RecordMetadata> send(Producer<String, String> producer, OutboxMessage message) {
        OutboxTracing.PublishSpan span = tracing.startPublish(message);
        AtomicBoolean ended = new AtomicBoolean();
        ProducerRecord<String, String> record = new ProducerRecord<>(
                message.topic(), null, message.key(), message.payload(), headers(message, span.traceparent()));
        try {
            return producer.send(record, (metadata, failure) -> {
                if (ended.compareAndSet(false, true)) {
                    span.end(failure);
                }
            });
        } catch (RuntimeException e) {
            if (ended.compareAndSet(false, true)) {
                span.end(e);
            }
            return CompletableFuture.failedFuture(e);
        }
    }

    /** Every envelope header, the traceparent being the relay's producer span (or the stored one). */
    private static List<Header> headers(OutboxMessage message, String traceparent) {
        List<Header> headers = new ArrayList<>();
        for (Map.Entry<String, String> header :
                message.envelope().withTraceparent(traceparent).headers().entrySet()) {
            headers.add(new RecordHeader(header.getKey(), header.getValue().getBytes(StandardCharsets.UTF_8)));
        }
        return headers;
    }

    private static boolean failed(Future<RecordMetadata> future) {
        return future.state() == Future.State.FAILED;
    }

    /** What a failed send means: the broker's state (retry), the row (count, set aside) or the producer (rebuild). */
    enum Failure {
        TRANSIENT,
        REFUSED,
        FATAL;

        static Failure of(Throwable failure) {
            if (failure instanceof RecordTooLargeException
                    || failure instanceof RecordBatchTooLargeException
                    || failure instanceof InvalidRecordException
                    || failure instanceof InvalidTopicException
                    || failure instanceof SerializationException) {
                return REFUSED;
            }
            if (failure instanceof RetriableException
                    || failure instanceof InterruptException
                    || failure instanceof TimeoutException
                    || failure instanceof InterruptedException) {
                return TRANSIENT;
            }
            return FATAL;
        }
    }

    private void handle(Connection connection, Round round) throws SQLException {
        OutboxMessage message = round.failed();
        Throwable failure = round.failure();
        switch (Failure.of(failure)) {
            case TRANSIENT -> {
                LOG.warn(
                        "Outbox relay {}: sending row {} failed; it and the rows after it are retried: {}",
                        name,
                        message.id(),
                        failure.toString());
                recordError(connection, message, failure, false);
            }
            case REFUSED -> {
                boolean setAsideNow = recordError(connection, message, failure, true);
                if (setAsideNow) {
                    setAside.increment();
                    refreshDeadRows(connection);
                    LOG.warn(
                            "Outbox relay {} set row {} aside (message {} {}, key {}, topic {}) after {} refusals,"
                                    + " last: {}. The rows behind it are published; replay it with"
                                    + " update outbox set set_aside_at = null, attempts = 0 where id = {}",
                            name,
                            message.id(),
                            message.envelope().type(),
                            message.envelope().messageId(),
                            message.key(),
                            message.topic(),
                            settings.maxAttempts(),
                            failure.toString(),
                            message.id());
                } else {
                    LOG.warn(
                            "Outbox relay {}: the broker refused row {} (attempt {} of {}): {}",
                            name,
                            message.id(),
                            message.attempts() + 1,
                            settings.maxAttempts(),
                            failure.toString());
                }
            }
            case FATAL -> {
                LOG.warn(
                        "Outbox relay {}: the producer failed for good on row {}; closing it and building a new one: {}",
                        name,
                        message.id(),
                        failure.toString());
                recordError(connection, message, failure, false);
                closeProducer();
                producerRebuilt.increment();
            }
        }
    }

    /** @return true when this refusal set the row aside */
    private boolean recordError(Connection connection, OutboxMessage message, Throwable failure, boolean refused)
            throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("""
                update outbox
                set attempts = attempts + ?, last_error = ?,
                    set_aside_at = case when attempts + ? >= ? then clock_timestamp() end
                where id = ? and published_at is null
                returning set_aside_at is not null""")) {
            int increment = refused ? 1 : 0;
            update.setInt(1, increment);
            update.setString(2, failure.toString());
            update.setInt(3, increment);
            update.setInt(4, refused ? settings.maxAttempts() : Integer.MAX_VALUE);
            update.setLong(5, message.id());
            try (ResultSet result = update.executeQuery()) {
                return result.next() && result.getBoolean(1);
            }
        }
    }

    private void markPublished(Connection connection, List<Long> ids) throws SQLException {
        if (ids.isEmpty()) {
            return;
        }
        try (PreparedStatement update = connection.prepareStatement(
                "update outbox set published_at = clock_timestamp() where id = any(?) and published_at is null")) {
            update.setArray(1, connection.createArrayOf("bigint", ids.toArray()));
            update.executeUpdate();
        }
        published.increment(ids.size());
    }

    private void cleanUpIfDue(Connection connection) throws SQLException {
        Instant now = clock.instant();
        if (now.isBefore(nextCleanup)) {
            return;
        }
        nextCleanup = now.plus(settings.cleanupInterval());
        try (PreparedStatement delete = connection.prepareStatement("delete from outbox where published_at < ?")) {
            delete.setTimestamp(1, Timestamp.from(now.minus(settings.retention())));
            int deleted = delete.executeUpdate();
            LOG.debug("Outbox relay {} deleted {} published rows", name, deleted);
        }
        refreshDeadRows(connection);
    }

    private void refreshDeadRows(Connection connection) throws SQLException {
        try (PreparedStatement count =
                        connection.prepareStatement("select count(*) from outbox where set_aside_at is not null");
                ResultSet result = count.executeQuery()) {
            result.next();
            deadRows.set(result.getLong(1));
        }
    }

    private Producer<String, String> producer() {
        if (producer == null) {
            producer = producers.create(name);
        }
        return producer;
    }

    private void closeProducer() {
        Producer<String, String> closing = producer;
        producer = null;
        if (closing != null) {
            try {
                closing.close(Duration.ZERO);
            } catch (RuntimeException e) {
                LOG.debug("Outbox relay {}: closing the producer: {}", name, e.toString());
            }
        }
    }

    /** Interrupted only by {@link #close()}, which has already cleared {@code running}: the loops then end. */
    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
