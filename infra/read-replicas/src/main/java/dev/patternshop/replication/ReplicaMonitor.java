package dev.patternshop.replication;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Measures, on a schedule, whether the replica is reachable and how far its replay is behind the primary's
 * log, and decides from that whether a read may go there. A read that fails on the replica marks it down
 * at once, without waiting for the next check.
 */
public class ReplicaMonitor {

    private static final Logger LOG = LoggerFactory.getLogger(ReplicaMonitor.class);

    public enum State { UNCONFIGURED, USABLE, BEHIND, DOWN }

    private final String database;
    private final JdbcClient primary;
    private final JdbcClient replica;
    private final long maxLagBytes;
    private final AtomicReference<State> state = new AtomicReference<>(State.DOWN);
    private final AtomicLong replayedPosition = new AtomicLong();
    private final AtomicLong lagBytes = new AtomicLong(-1);

    /** @param replica null when the database has no replica (the monitor then never lets a read go there) */
    public ReplicaMonitor(String database, JdbcClient primary, JdbcClient replica, long maxLagBytes, MeterRegistry meters) {
        this.database = database;
        this.primary = primary;
        this.replica = replica;
        this.maxLagBytes = maxLagBytes;
        if (replica == null) {
            state.set(State.UNCONFIGURED);
        }
        Gauge.builder("db.replica.lag", lagBytes, AtomicLong::get).tag("database", database).baseUnit("bytes")
                .description("WAL the replica has not replayed yet (-1 when unknown)").register(meters);
        Gauge.builder("db.replica.usable", state, s -> s.get() == State.USABLE ? 1 : 0).tag("database", database)
                .description("1 when reads may go to the replica").register(meters);
    }

    /** Called on a schedule (and once at start). */
    public void check() {
        if (replica == null) {
            return;
        }
        try {
            long replayed = LogPosition.parse(replica.sql("select coalesce(pg_last_wal_replay_lsn(), '0/0')::text")
                    .query(String.class).single());
            long current = LogPosition.parse(primary.sql("select pg_current_wal_lsn()::text").query(String.class).single());
            replayedPosition.set(replayed);
            long lag = Math.max(0, current - replayed);
            lagBytes.set(lag);
            transition(lag <= maxLagBytes ? State.USABLE : State.BEHIND, "lag " + lag + " bytes");
        } catch (RuntimeException e) {
            lagBytes.set(-1);
            transition(State.DOWN, e.getClass().getSimpleName());
        }
    }

    /** Whether the replica may answer a read that needs everything up to this log position. */
    public boolean canServe(long minLogPosition) {
        return state.get() == State.USABLE && replayedPosition.get() >= minLogPosition;
    }

    public void markDown(RuntimeException cause) {
        transition(State.DOWN, cause.getClass().getSimpleName());
    }

    public String database() {
        return database;
    }

    public State state() {
        return state.get();
    }

    public long lagBytes() {
        return lagBytes.get();
    }

    private void transition(State next, String why) {
        State previous = state.getAndSet(next);
        if (previous != next) {
            LOG.warn("Replica of {}: {} -> {} ({}); reads go to the {}", database, previous, next, why,
                    next == State.USABLE ? "replica" : "primary");
        }
    }
}
