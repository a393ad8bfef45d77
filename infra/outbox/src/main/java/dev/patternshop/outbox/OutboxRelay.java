package dev.patternshop.outbox;

import dev.patternshop.events.MessageHeaders;
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
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes one database's outbox to Kafka: at least once, in order per aggregate.
 *
 * <p><b>One leader per database</b>, chosen by a Postgres session-level advisory lock: every instance of the
 * service runs a relay, the one holding the lock publishes, the others retry the lock every
 * {@code takeoverInterval}. A leader that dies (process killed, connection lost) releases the lock with its
 * session, and another instance takes over. Why not {@code FOR UPDATE SKIP LOCKED} batches on every
 * instance: they would publish different rows of the same order concurrently, and its events could reach
 * Kafka out of order; one reader per database keeps order with no extra machinery, and one relay per shard
 * cluster is plenty for this load.
 *
 * <p><b>At least once</b>: a round sends a batch (ordered by id), waits for every acknowledgement
 * (acks=all, idempotent producer), then marks the acknowledged prefix as published. A crash between the
 * send and the mark sends those rows again after the takeover; consumers deduplicate on the event id.
 * A send that fails stops the round at that row, so no later event of the same aggregate overtakes it.
 *
 * <p>Metrics ({@code relay} tag = the database's name): {@code outbox.relay.lag} (age of the oldest
 * unpublished row, seconds), {@code outbox.publish.delay} (commit to acknowledged, a timer),
 * {@code outbox.published}, {@code outbox.relay.leader} (1 while leading).
 */
public class OutboxRelay implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(OutboxRelay.class);
    /** The advisory lock key space; the second key is fixed: one relay role per database. */
    private static final int LOCK_CLASS = 0x0b0c;

    private static final int LOCK_RELAY = 1;
    private static final Duration CLEANUP_EVERY = Duration.ofMinutes(1);

    private final String name;
    private final DataSource dataSource;
    private final Producer<String, String> producer;
    private final OutboxSettings settings;
    private final Clock clock;
    private final AtomicInteger leader = new AtomicInteger();
    private final AtomicLong lagMillis = new AtomicLong();
    private final Counter published;
    private final Timer publishDelay;
    private volatile boolean running;
    private volatile Thread worker;
    private Instant nextCleanup = Instant.MIN;

    public OutboxRelay(
            String name,
            DataSource dataSource,
            Producer<String, String> producer,
            OutboxSettings settings,
            MeterRegistry meters,
            Clock clock) {
        this.name = name;
        this.dataSource = dataSource;
        this.producer = producer;
        this.settings = settings;
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
        this.published = Counter.builder("outbox.published").tag("relay", name).register(meters);
        this.publishDelay = Timer.builder("outbox.publish.delay")
                .tag("relay", name)
                .description("from the row's commit to the broker's acknowledgement")
                .publishPercentiles(0.5, 0.99)
                .register(meters);
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
            try {
                thread.join(settings.sendTimeout().plusSeconds(5).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    public boolean isLeader() {
        return leader.get() == 1;
    }

    private void run() {
        while (running) {
            try (Connection connection = dataSource.getConnection()) {
                connection.setAutoCommit(true);
                if (tryLock(connection)) {
                    leader.set(1);
                    LOG.info("Outbox relay {} leads", name);
                    try {
                        lead(connection);
                    } finally {
                        leader.set(0);
                        unlock(connection);
                    }
                } else {
                    pause(settings.takeoverInterval());
                }
            } catch (SQLException | RuntimeException e) {
                leader.set(0);
                if (running) {
                    LOG.warn("Outbox relay {} lost its database or broker; retrying: {}", name, e.toString());
                    pause(settings.takeoverInterval());
                }
            }
        }
    }

    private void lead(Connection connection) throws SQLException {
        while (running) {
            List<OutboxMessage> batch = unpublished(connection);
            lagMillis.set(
                    batch.isEmpty()
                            ? 0
                            : Math.max(
                                    0,
                                    Duration.between(batch.get(0).createdAt(), clock.instant())
                                            .toMillis()));
            if (batch.isEmpty()) {
                cleanUpIfDue(connection);
                pause(settings.pollInterval());
                continue;
            }
            List<Long> acknowledged = send(batch);
            markPublished(connection, acknowledged);
            if (acknowledged.size() < batch.size()) {
                pause(settings.takeoverInterval());
            }
        }
    }

    private List<OutboxMessage> unpublished(Connection connection) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("""
                select id, topic, aggregate_id, event_type, event_id, payload::text, created_at
                from outbox where published_at is null order by id limit ?""")) {
            select.setInt(1, settings.batchSize());
            try (ResultSet rows = select.executeQuery()) {
                List<OutboxMessage> batch = new ArrayList<>();
                while (rows.next()) {
                    batch.add(new OutboxMessage(
                            rows.getLong(1),
                            rows.getString(2),
                            rows.getString(3),
                            rows.getString(4),
                            rows.getObject(5, UUID.class),
                            rows.getString(6),
                            rows.getTimestamp(7).toInstant()));
                }
                return batch;
            }
        }
    }

    /** The ids acknowledged by the broker, in order, up to the first failure. */
    private List<Long> send(List<OutboxMessage> batch) {
        List<Future<RecordMetadata>> sends = new ArrayList<>(batch.size());
        for (OutboxMessage message : batch) {
            ProducerRecord<String, String> record = new ProducerRecord<>(
                    message.topic(),
                    null,
                    message.aggregateId(),
                    message.payload(),
                    List.of(
                            new RecordHeader(
                                    MessageHeaders.MESSAGE_ID,
                                    message.eventId().toString().getBytes(StandardCharsets.UTF_8)),
                            new RecordHeader(
                                    MessageHeaders.MESSAGE_TYPE,
                                    message.eventType().getBytes(StandardCharsets.UTF_8))));
            sends.add(producer.send(record));
        }
        producer.flush();
        List<Long> acknowledged = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            try {
                sends.get(i).get(settings.sendTimeout().toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException | TimeoutException e) {
                LOG.warn(
                        "Outbox relay {}: sending row {} failed; it and the rows after it are retried: {}",
                        name,
                        batch.get(i).id(),
                        e.toString());
                break;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            OutboxMessage message = batch.get(i);
            acknowledged.add(message.id());
            publishDelay.record(Duration.between(message.createdAt(), clock.instant()));
        }
        return acknowledged;
    }

    private void markPublished(Connection connection, List<Long> ids) throws SQLException {
        if (ids.isEmpty()) {
            return;
        }
        try (PreparedStatement update =
                connection.prepareStatement("update outbox set published_at = clock_timestamp() where id = any(?)")) {
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
        nextCleanup = now.plus(CLEANUP_EVERY);
        try (PreparedStatement delete = connection.prepareStatement("delete from outbox where published_at < ?")) {
            delete.setTimestamp(1, Timestamp.from(now.minus(settings.retention())));
            delete.executeUpdate();
        }
    }

    private static boolean tryLock(Connection connection) throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement("select pg_try_advisory_lock(?, ?)")) {
            lock.setInt(1, LOCK_CLASS);
            lock.setInt(2, LOCK_RELAY);
            try (ResultSet result = lock.executeQuery()) {
                return result.next() && result.getBoolean(1);
            }
        }
    }

    private static void unlock(Connection connection) {
        try (PreparedStatement unlock = connection.prepareStatement("select pg_advisory_unlock(?, ?)")) {
            unlock.setInt(1, LOCK_CLASS);
            unlock.setInt(2, LOCK_RELAY);
            unlock.execute();
        } catch (SQLException e) {
            // The session is gone, and its lock with it.
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
