package dev.patternshop.outbox;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * The leader's LISTEN session on its database: a connection of its own from the relay's DataSource (the primary:
 * the relay reads and marks rows there too), in autocommit, since Postgres delivers notifications only to a
 * session outside a transaction. Given back (after UNLISTEN) when leadership ends or the session breaks.
 *
 * <p>It pings the server every third of the lease, and the server ends it after {@code idleTimeout} without one
 * ({@code idle_session_timeout}): a frozen process (SIGSTOP) would otherwise keep a session that no longer reads
 * its notifications, which holds back the database's notification queue; when that queue fills, every
 * transaction that notifies fails at commit.
 */
final class OutboxListener implements OutboxWakeups.Listener {

    private final Connection connection;
    private final PGConnection postgres;
    private final long pingEveryNanos;
    private long nextPingNanos;

    private OutboxListener(Connection connection, PGConnection postgres, Duration pingEvery) {
        this.connection = connection;
        this.postgres = postgres;
        this.pingEveryNanos = pingEvery.toNanos();
        this.nextPingNanos = System.nanoTime() + pingEveryNanos;
    }

    /**
     * @param idleTimeout how long the server keeps the session without a ping; longer than anything the relay's
     *                    thread does between two (a round waits up to the send timeout)
     */
    static OutboxListener listen(DataSource dataSource, String channel, Duration lease, Duration idleTimeout)
            throws SQLException {
        Connection connection = dataSource.getConnection();
        try {
            // Through the pool's proxy (HikariCP) to the driver's connection.
            PGConnection postgres = connection.unwrap(PGConnection.class);
            connection.setAutoCommit(true);
            try (Statement statement = connection.createStatement()) {
                statement.execute("set idle_session_timeout = " + idleTimeout.toMillis());
                statement.execute("listen " + channel);
            }
            // A ping on a half-open connection fails after a lease instead of hanging.
            connection.setNetworkTimeout(Runnable::run, (int) lease.toMillis());
            return new OutboxListener(connection, postgres, Duration.ofMillis(Math.max(1, lease.toMillis() / 3)));
        } catch (SQLException | RuntimeException e) {
            release(connection);
            throw e;
        }
    }

    @Override
    public boolean await(Duration timeout) throws SQLException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            pingIfDue();
            long now = System.nanoTime();
            if (now - deadline >= 0) {
                return false;
            }
            long wait = Math.min(deadline - now, nextPingNanos - now);
            // getNotifications(0) would wait forever.
            int waitMillis = (int) Math.max(
                    1, Math.min(Integer.MAX_VALUE, Duration.ofNanos(wait).toMillis()));
            PGNotification[] notifications = postgres.getNotifications(waitMillis);
            if (notifications != null && notifications.length > 0) {
                return true;
            }
        }
    }

    @Override
    public void keepAlive() throws SQLException {
        if (pingIfDue()) {
            // The ping read what had arrived; dropping it keeps the driver's list bounded on a relay never idle.
            postgres.getNotifications();
        }
    }

    @Override
    public int pid() {
        return postgres.getBackendPID();
    }

    @Override
    public void abort() {
        try {
            connection.abort(Runnable::run);
        } catch (SQLException | RuntimeException e) {
            // Closed already.
        }
    }

    @Override
    public void close() {
        release(connection);
    }

    /** @return true when it pinged */
    private boolean pingIfDue() throws SQLException {
        long now = System.nanoTime();
        if (now - nextPingNanos < 0) {
            return false;
        }
        try (Statement ping = connection.createStatement()) {
            ping.execute("select 1");
        }
        nextPingNanos = System.nanoTime() + pingEveryNanos;
        return true;
    }

    private static void release(Connection connection) {
        try {
            // A pooled connection must not go on collecting notifications for its next user.
            try (Statement reset = connection.createStatement()) {
                reset.execute("unlisten *");
                reset.execute("reset idle_session_timeout");
            }
        } catch (SQLException | RuntimeException e) {
            // The session is gone (and the pool drops a connection that failed so).
        } finally {
            try {
                connection.close();
            } catch (SQLException e) {
                // Already closed.
            }
        }
    }
}
