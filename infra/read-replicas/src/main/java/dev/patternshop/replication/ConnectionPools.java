package dev.patternshop.replication;

import com.zaxxer.hikari.HikariDataSource;
import java.time.Duration;

/** Builds the pools of a primary and its replica, every wait on either bounded by its {@link PoolTimeouts}. */
public final class ConnectionPools {

    /**
     * At start, how long a primary that does not answer yet is tried again before the service gives up: services
     * start beside their databases, and on a busy machine (every JVM of the runtime starting on two cores) the first
     * connection can take longer than the connect timeout. Only the start waits; every later wait is the connect
     * timeout's.
     */
    public static final Duration STARTUP_WAIT = Duration.ofSeconds(30);

    private ConnectionPools() {}

    /** Where a pool connects, and as whom. */
    public record Endpoint(String url, String username, String password) {}

    /** The primary's pool (writes, and the reads the replica cannot serve). */
    public static HikariDataSource primary(String name, Endpoint endpoint, int size, PoolTimeouts timeouts) {
        HikariDataSource pool = new HikariDataSource();
        pool.setPoolName(name);
        pool.setJdbcUrl(endpoint.url());
        pool.setUsername(endpoint.username());
        pool.setPassword(endpoint.password());
        pool.setMaximumPoolSize(size);
        timeouts.applyTo(pool);
        pool.setInitializationFailTimeout(STARTUP_WAIT.toMillis());
        return pool;
    }

    /**
     * A replica's pool: read-only, and it starts even when the replica is down (reads then go to the primary until
     * it returns).
     */
    public static HikariDataSource replica(String name, Endpoint endpoint, int size, PoolTimeouts timeouts) {
        HikariDataSource pool = primary(name, endpoint, size, timeouts);
        pool.setReadOnly(true);
        pool.setInitializationFailTimeout(-1);
        return pool;
    }
}
