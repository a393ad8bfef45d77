package dev.patternshop.order.sharding;

import com.zaxxer.hikari.HikariDataSource;
import dev.patternshop.replication.ReadRouting;
import dev.patternshop.replication.ReplicaMonitor;
import dev.patternshop.replication.TokenAdmission;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.TransactionSystemException;
import org.springframework.transaction.support.TransactionCallback;
import org.springframework.transaction.support.TransactionTemplate;

/** One physical Postgres cluster holding some logical shards: its primary (writes) and its replica (reads). */
public final class ShardCluster implements AutoCloseable {

    private final String name;
    private final HikariDataSource primary;
    private final HikariDataSource replica;
    private final JdbcClient primaryJdbc;
    private final TransactionTemplate transactions;
    private final ReplicaMonitor replicaMonitor;
    private final ReadRouting reads;
    private final TokenAdmission tokens;

    ShardCluster(
            String name,
            HikariDataSource primary,
            HikariDataSource replica,
            ReplicaMonitor replicaMonitor,
            ReadRouting reads,
            TokenAdmission tokens) {
        this.name = name;
        this.primary = primary;
        this.replica = replica;
        this.primaryJdbc = reads.primary();
        // JdbcTransactionManager: a failed commit is a DataAccessException (e.g. the primary went away), not a bare
        // TransactionSystemException, so it maps to 503 like every other database outage.
        this.transactions = new TransactionTemplate(new JdbcTransactionManager(primary));
        this.replicaMonitor = replicaMonitor;
        this.reads = reads;
        this.tokens = tokens;
    }

    public String name() {
        return name;
    }

    public DataSource primary() {
        return primary;
    }

    /** The replica, or null when the cluster has none configured. */
    public DataSource replica() {
        return replica;
    }

    public JdbcClient primaryJdbc() {
        return primaryJdbc;
    }

    /** Reads: the replica when it has replayed what the caller needs, else the primary. */
    public ReadRouting reads() {
        return reads;
    }

    /** Asks the primary for its current log position (and remembers it: tokens up to it are genuine). */
    public long primaryPosition() {
        long position = reads.primaryPosition();
        tokens.written(position);
        return position;
    }

    /**
     * The log position a read may demand (a client's Consistency-Token): refuses one ahead of the primary's log
     * ({@link dev.patternshop.replication.TokenAheadOfPrimary}); while the primary is down, serves one ahead of
     * everything known from the replica.
     */
    public long admit(long minLogPosition) {
        return tokens.admit(minLogPosition);
    }

    public ReplicaMonitor replicaMonitor() {
        return replicaMonitor;
    }

    /** Transactions on the primary: the order, its lines and its outbox row commit together or not at all. */
    public TransactionTemplate transactions() {
        return transactions;
    }

    /**
     * Runs the work in one transaction on the primary. A statement that fails because the primary is gone (socket
     * timeout, lost connection) closes the connection, so the rollback fails too, and Spring reports that rollback
     * failure (TransactionSystemException) instead of the first one. The first failure is what happened: it decides
     * the answer (503 for an outage).
     */
    public <T> T inTransaction(TransactionCallback<T> work) {
        try {
            return transactions.execute(work);
        } catch (TransactionSystemException e) {
            if (e.getApplicationException() instanceof RuntimeException first) {
                first.addSuppressed(e);
                throw first;
            }
            throw e;
        }
    }

    @Override
    public void close() {
        primary.close();
        if (replica != null) {
            replica.close();
        }
    }
}
