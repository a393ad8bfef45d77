package dev.patternshop.replication;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.function.Function;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Read/write splitting for one database. Reads go to the replica when the monitor says it is up, caught up
 * within the bound, and has replayed what the caller needs; otherwise, and when the replica fails mid-read,
 * to the primary. A read never fails because of the replica.
 */
public class ReadRouting {

    private final JdbcClient primary;
    private final JdbcClient replica;
    private final ReplicaMonitor monitor;
    private final Counter replicaReads;
    private final Counter primaryReads;
    private final Counter fallbacks;

    /** @param replica null when the database has no replica: every read goes to the primary */
    public ReadRouting(
            String database, JdbcClient primary, JdbcClient replica, ReplicaMonitor monitor, MeterRegistry meters) {
        this.primary = primary;
        this.replica = replica;
        this.monitor = monitor;
        this.replicaReads = Counter.builder("db.reads")
                .tag("database", database)
                .tag("target", "replica")
                .register(meters);
        this.primaryReads = Counter.builder("db.reads")
                .tag("database", database)
                .tag("target", "primary")
                .register(meters);
        this.fallbacks = Counter.builder("db.reads.fallbacks")
                .tag("database", database)
                .description("reads that failed on the replica and were answered by the primary")
                .register(meters);
    }

    /**
     * Runs the query where it may run.
     *
     * @param minLogPosition what the replica must have replayed (0: anything within the lag bound will do);
     *                       the position a caller's own write returned gives read-your-writes
     */
    public <T> T read(long minLogPosition, Function<JdbcClient, T> query) {
        if (replica != null && monitor.canServe(minLogPosition)) {
            try {
                T result = query.apply(replica);
                replicaReads.increment();
                return result;
            } catch (DataAccessResourceFailureException | TransientDataAccessException e) {
                monitor.markDown(e);
                fallbacks.increment();
            }
        }
        return readFromPrimary(query);
    }

    /** For the reads that must see the latest commit whatever the replica says (e.g. a miss worth re-checking). */
    public <T> T readFromPrimary(Function<JdbcClient, T> query) {
        primaryReads.increment();
        return query.apply(primary);
    }

    public JdbcClient primary() {
        return primary;
    }

    /** The primary's current log position: after a commit, a position every later read must have replayed. */
    public long primaryPosition() {
        return LogPosition.parse(primary.sql("select pg_current_wal_lsn()::text")
                .query(String.class)
                .single());
    }
}
