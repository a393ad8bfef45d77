package dev.patternshop.outbox;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A relay's leadership of one database, held as a lease the database itself enforces.
 *
 * <p>The lease is a transaction-level advisory lock ({@code pg_try_advisory_xact_lock}) in a transaction kept
 * open on a connection of its own, with {@code idle_in_transaction_session_timeout} set to the lease. A
 * heartbeat thread runs {@code select 1} in that transaction every third of the lease. When the leader stops
 * answering (its process frozen by a GC pause or SIGSTOP, its network cut), Postgres ends the session after one
 * lease of silence, which ends the transaction and frees the lock: a follower takes it at its next try. A
 * session-level lock would not do this: the kernel of a stopped process still answers TCP keepalives, so its
 * session, and the lock, lived until the OS gave up on the connection.
 *
 * <p>The leader's side of the same clock: {@link #valid()} is true only until one lease after the last
 * heartbeat that succeeded was <em>sent</em> (the server's silence timer started after that), and only while no
 * heartbeat failed. A leader that wakes from a freeze therefore finds its lease expired before it sends
 * another batch, without asking the database, and steps down. The window that remains: a leader frozen
 * between that check and its send publishes one batch late, which the follower may have published already:
 * duplicates, which the consumers' inboxes absorb (at least once).
 */
final class OutboxLease implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(OutboxLease.class);

    private final String relay;
    private final Connection connection;
    private final Duration lease;
    private final AtomicLong validUntilNanos;
    private final Thread heartbeat;
    private volatile boolean lost;
    private volatile boolean closed;

    private OutboxLease(String relay, Connection connection, Duration lease, long sentNanos) {
        this.relay = relay;
        this.connection = connection;
        this.lease = lease;
        this.validUntilNanos = new AtomicLong(sentNanos + lease.toNanos());
        this.heartbeat =
                Thread.ofPlatform().daemon().name("outbox-lease-" + relay).start(this::beat);
    }

    /**
     * Takes the lease if nobody holds it.
     *
     * @return null when another relay leads this database
     */
    static OutboxLease tryAcquire(String relay, DataSource dataSource, Duration lease, int lockClass, int lockKey)
            throws SQLException {
        Connection connection = dataSource.getConnection();
        try {
            connection.setAutoCommit(true);
            try (Statement set = connection.createStatement()) {
                set.execute("set idle_in_transaction_session_timeout = " + lease.toMillis());
            }
            connection.setAutoCommit(false);
            long sent = System.nanoTime();
            boolean locked;
            try (PreparedStatement lock = connection.prepareStatement("select pg_try_advisory_xact_lock(?, ?)")) {
                lock.setInt(1, lockClass);
                lock.setInt(2, lockKey);
                try (ResultSet result = lock.executeQuery()) {
                    locked = result.next() && result.getBoolean(1);
                }
            }
            if (!locked) {
                release(connection);
                return null;
            }
            return new OutboxLease(relay, connection, lease, sent);
        } catch (SQLException | RuntimeException e) {
            release(connection);
            throw e;
        }
    }

    /** True while this relay may publish: no heartbeat failed and the last good one is less than a lease old. */
    boolean valid() {
        return !lost && !closed && System.nanoTime() - validUntilNanos.get() < 0;
    }

    private void beat() {
        long interval = Math.max(1, lease.toMillis() / 3);
        try {
            connection.setNetworkTimeout(Runnable::run, (int) interval);
        } catch (SQLException e) {
            LOG.debug("Outbox relay {}: no network timeout on the lease connection: {}", relay, e.toString());
        }
        while (!closed) {
            try {
                Thread.sleep(interval);
            } catch (InterruptedException e) {
                return;
            }
            if (closed) {
                return;
            }
            long sent = System.nanoTime();
            try (Statement ping = connection.createStatement()) {
                ping.execute("select 1");
                validUntilNanos.set(sent + lease.toNanos());
            } catch (SQLException e) {
                if (!closed) {
                    lost = true;
                    LOG.warn(
                            "Outbox relay {} lost its lease (the database ended its session): {}", relay, e.toString());
                }
                return;
            }
            if (!valid() && !closed) {
                // The heartbeat itself came back too late (this process was frozen): Postgres may have ended the
                // session, and another relay may lead. Never trust the lease again.
                lost = true;
                LOG.warn("Outbox relay {} lost its lease (no heartbeat for longer than {})", relay, lease);
                return;
            }
        }
    }

    /** Ends the transaction (which frees the lock) and gives the connection back. */
    @Override
    public void close() {
        closed = true;
        heartbeat.interrupt();
        try {
            heartbeat.join(lease.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        release(connection);
    }

    private static void release(Connection connection) {
        try {
            if (!connection.getAutoCommit()) {
                connection.rollback();
                connection.setAutoCommit(true);
            }
            try (Statement reset = connection.createStatement()) {
                reset.execute("reset idle_in_transaction_session_timeout");
            }
        } catch (SQLException e) {
            // The session is gone, and the lock with it.
        } finally {
            try {
                connection.close();
            } catch (SQLException e) {
                // Already closed.
            }
        }
    }
}
