package dev.patternshop.catalog.replication;

import dev.patternshop.catalog.product.ReadConsistency;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.function.Function;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Read/write splitting. Reads go to the replica when the monitor says it is up, caught up within the
 * bound, and has replayed what the caller needs; otherwise, and when the replica fails mid-read, to the
 * primary. A read never fails because of the replica.
 */
public class ReadRouting {

    private final JdbcClient primary;
    private final JdbcClient replica;
    private final ReplicaMonitor monitor;
    private final Counter replicaReads;
    private final Counter primaryReads;
    private final Counter fallbacks;

    public ReadRouting(JdbcClient primary, JdbcClient replica, ReplicaMonitor monitor, MeterRegistry meters) {
        this.primary = primary;
        this.replica = replica;
        this.monitor = monitor;
        this.replicaReads = Counter.builder("catalog.reads").tag("target", "replica").register(meters);
        this.primaryReads = Counter.builder("catalog.reads").tag("target", "primary").register(meters);
        this.fallbacks = Counter.builder("catalog.reads.fallbacks")
                .description("reads that failed on the replica and were answered by the primary").register(meters);
    }

    public <T> T read(ReadConsistency consistency, Function<JdbcClient, T> query) {
        if (replica != null && monitor.canServe(consistency)) {
            try {
                T result = query.apply(replica);
                replicaReads.increment();
                return result;
            } catch (DataAccessResourceFailureException | TransientDataAccessException e) {
                monitor.markDown(e);
                fallbacks.increment();
            }
        }
        primaryReads.increment();
        return query.apply(primary);
    }

    public JdbcClient primary() {
        return primary;
    }
}
