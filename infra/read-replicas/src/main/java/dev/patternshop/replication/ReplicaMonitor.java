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
 *
 * <p>When the primary cannot be reached but the replica can, the replica keeps serving reads
 * ({@link State#PRIMARY_DOWN}): nothing new can be committed meanwhile, so what it has replayed is the newest
 * data there is, less at most what the primary had not shipped when it went away. A read that needs more
 * (a consistency token past the replica's replay position) still goes to the primary, and fails with it.
 */
public class ReplicaMonitor {

    private static final Logger LOG = LoggerFactory.getLogger(ReplicaMonitor.class);

    public enum State {
        UNCONFIGURED,
        USABLE,
        BEHIND,
        PRIMARY_DOWN,
        DOWN
    }

    private final String database;
    private final JdbcClient primary;
    private final JdbcClient replica;
    private final long maxLagBytes;
    private final AtomicReference<State> state = new AtomicReference<>(State.DOWN);
    private final AtomicLong replayedPosition = new AtomicLong();
    private final AtomicLong lagBytes = new AtomicLong(-1);

    /** @param replica null when the database has no replica (the monitor then never lets a read go there) */
    public ReplicaMonitor(
            String database, JdbcClient primary, JdbcClient replica, long maxLagBytes, MeterRegistry meters) {
        this.database = database;
        this.primary = primary;
        this.replica = replica;
        this.maxLagBytes = maxLagBytes;
        if (replica == null) {
            state.set(State.UNCONFIGURED);
        }
        Gauge.builder("db.replica.lag", lagBytes, AtomicLong::get)
                .tag("database", database)
                .baseUnit("bytes")
                .description("WAL the replica has not replayed yet (-1 when unknown)")
                .register(meters);
        Gauge.builder("db.replica.usable", this, monitor -> monitor.readsGoToReplica() ? 1 : 0)
                .tag("database", database)
                .description("1 when reads may go to the replica")
                .register(meters);
    }

    /** Called on a schedule (and once at start). */
    public void check() {
        if (replica == null) {
            return;
        }
        long replayed;
        try {
            replayed = LogPosition.parse(replica.sql("select coalesce(pg_last_wal_replay_lsn(), '0/0')::text")
                    .query(String.class)
                    .single());
            replayedPosition.set(replayed);
        } catch (RuntimeException e) {
            lagBytes.set(-1);
            transition(State.DOWN, e.getClass().getSimpleName());
            return;
        }
        try {
            long current = LogPosition.parse(primary.sql("select pg_current_wal_lsn()::text")
                    .query(String.class)
                    .single());
            long lag = Math.max(0, current - replayed);
            lagBytes.set(lag);
            transition(lag <= maxLagBytes ? State.USABLE : State.BEHIND, "lag " + lag + " bytes");
        } catch (RuntimeException e) {
            lagBytes.set(-1);
            transition(State.PRIMARY_DOWN, "primary: " + e.getClass().getSimpleName());
        }
    }

    /** Whether the replica may answer a read that needs everything up to this log position. */
    public boolean canServe(long minLogPosition) {
        return readsGoToReplica() && replayedPosition.get() >= minLogPosition;
    }

    /** Whether reads (those the replica has replayed far enough for) go to the replica now. */
    public boolean readsGoToReplica() {
        State now = state.get();
        return now == State.USABLE || now == State.PRIMARY_DOWN;
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
            LOG.warn(
                    "Replica of {}: {} -> {} ({}); reads go to the {}",
                    database,
                    previous,
                    next,
                    why,
                    next == State.USABLE ? "replica" : next == State.PRIMARY_DOWN ? "replica alone" : "primary");
        }
    }
}
