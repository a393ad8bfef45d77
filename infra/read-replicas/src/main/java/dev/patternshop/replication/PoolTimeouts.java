package dev.patternshop.replication;

import com.zaxxer.hikari.HikariConfig;
import java.time.Duration;

/**
 * The time limits of one connection pool, so that a database that is down or stops answering costs a request a
 * bounded wait and an error, never a thread held until the operating system gives up on the connection.
 *
 * @param connectTimeout    how long a request waits for a pooled connection (Hikari), and a new connection for the
 *                          server's handshake (PgJDBC)
 * @param validationTimeout how long checking an idle connection may take before it is replaced; at most the
 *                          connect timeout, or one check of a hung server would use all of it up
 * @param statementTimeout  how long the server lets one statement run before it cancels it; null: the server's own
 * @param socketTimeout     how long a call waits for the server to answer at all: the last resort for a server that
 *                          stopped without closing its connections (PgJDBC counts whole seconds)
 */
public record PoolTimeouts(
        Duration connectTimeout, Duration validationTimeout, Duration statementTimeout, Duration socketTimeout) {

    /** Hikari replaces shorter connection and validation timeouts with its (much longer) defaults. */
    public static final Duration HIKARI_FLOOR = Duration.ofMillis(250);

    public PoolTimeouts {
        if (connectTimeout.compareTo(HIKARI_FLOOR) < 0 || validationTimeout.compareTo(HIKARI_FLOOR) < 0) {
            throw new IllegalArgumentException(
                    "connect and validation timeouts must be at least " + HIKARI_FLOOR.toMillis() + " ms");
        }
        if (validationTimeout.compareTo(connectTimeout) > 0) {
            throw new IllegalArgumentException("validation timeout (" + validationTimeout
                    + ") must not exceed the connect timeout (" + connectTimeout + ")");
        }
        // The server's own cancel gives a clean error and frees its backend; the socket timeout is for a server that
        // cannot cancel anything, so it must not fire first.
        if (socketTimeout.toSeconds() < 1
                || statementTimeout != null && socketTimeout.compareTo(statementTimeout) <= 0) {
            throw new IllegalArgumentException(
                    "socket timeout must be whole seconds, longer than the statement timeout");
        }
    }

    /** Connect, statement and socket limits; idle connections are checked within Hikari's shortest allowed time. */
    public static PoolTimeouts of(Duration connectTimeout, Duration statementTimeout, Duration socketTimeout) {
        return new PoolTimeouts(connectTimeout, HIKARI_FLOOR, statementTimeout, socketTimeout);
    }

    /**
     * Sets the limits on a pool before it opens its first connection. PgJDBC's limits go in as Strings: HikariCP 7
     * silently drops data-source properties of any other type, which once left every connection without a socket
     * timeout (a hung primary then hung its requests for good).
     */
    public void applyTo(HikariConfig pool) {
        pool.setConnectionTimeout(connectTimeout.toMillis());
        pool.setValidationTimeout(validationTimeout.toMillis());
        pool.addDataSourceProperty("connectTimeout", wholeSecondsAtLeastOne(connectTimeout));
        pool.addDataSourceProperty("loginTimeout", wholeSecondsAtLeastOne(connectTimeout));
        pool.addDataSourceProperty("socketTimeout", Long.toString(socketTimeout.toSeconds()));
        if (statementTimeout != null) {
            pool.addDataSourceProperty("options", "-c statement_timeout=" + statementTimeout.toMillis());
        }
    }

    private static String wholeSecondsAtLeastOne(Duration duration) {
        return Long.toString(Math.max(1, (duration.toMillis() + 999) / 1000));
    }
}
