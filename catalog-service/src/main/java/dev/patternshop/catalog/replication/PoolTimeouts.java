package dev.patternshop.catalog.replication;

import com.zaxxer.hikari.HikariConfig;
import java.time.Duration;

/**
 * The time limits of one connection pool, so that a database that is down or stops answering costs a request
 * a bounded wait and an error, never a thread held until the operating system gives up on the connection.
 *
 * @param connectTimeout   how long a request waits for a pooled connection (Hikari), and a new connection for
 *                         the server's handshake (PgJDBC)
 * @param statementTimeout how long the server lets one statement run before it cancels it
 * @param socketTimeout    how long a call waits for the server to answer at all: the last resort for a server
 *                         that stopped without closing its connections (PgJDBC counts whole seconds)
 */
record PoolTimeouts(Duration connectTimeout, Duration statementTimeout, Duration socketTimeout) {

    /** Hikari replaces shorter connection and validation timeouts with its (much longer) defaults. */
    private static final Duration HIKARI_FLOOR = Duration.ofMillis(250);

    PoolTimeouts {
        if (connectTimeout.compareTo(HIKARI_FLOOR) < 0) {
            throw new IllegalArgumentException("connect-timeout must be at least " + HIKARI_FLOOR.toMillis() + " ms");
        }
        // The server's own cancel gives a clean error and frees its backend; the socket timeout is for a server
        // that cannot cancel anything, so it must not fire first.
        if (socketTimeout.compareTo(statementTimeout) <= 0 || socketTimeout.toSeconds() < 1) {
            throw new IllegalArgumentException("socket-timeout must be whole seconds, longer than statement-timeout");
        }
    }

    void applyTo(HikariConfig pool) {
        pool.setConnectionTimeout(connectTimeout.toMillis());
        pool.setValidationTimeout(HIKARI_FLOOR.toMillis());
        pool.addDataSourceProperty("connectTimeout", wholeSecondsAtLeastOne(connectTimeout));
        pool.addDataSourceProperty("loginTimeout", wholeSecondsAtLeastOne(connectTimeout));
        pool.addDataSourceProperty("socketTimeout", Long.toString(socketTimeout.toSeconds()));
        pool.addDataSourceProperty("options", "-c statement_timeout=" + statementTimeout.toMillis());
    }

    private static String wholeSecondsAtLeastOne(Duration duration) {
        return Long.toString(Math.max(1, (duration.toMillis() + 999) / 1000));
    }
}
