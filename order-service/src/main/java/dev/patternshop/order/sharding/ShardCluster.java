package dev.patternshop.order.sharding;

import com.zaxxer.hikari.HikariDataSource;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** One physical Postgres cluster holding some logical shards: its primary (writes) and its replica (reads). */
public final class ShardCluster implements AutoCloseable {

    private final String name;
    private final HikariDataSource primary;
    private final HikariDataSource replica;
    private final JdbcClient primaryJdbc;
    private final TransactionTemplate transactions;

    ShardCluster(String name, HikariDataSource primary, HikariDataSource replica) {
        this.name = name;
        this.primary = primary;
        this.replica = replica;
        this.primaryJdbc = JdbcClient.create(primary);
        this.transactions = new TransactionTemplate(new DataSourceTransactionManager(primary));
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

    /** Transactions on the primary: the order, its lines and its outbox row commit together or not at all. */
    public TransactionTemplate transactions() {
        return transactions;
    }

    @Override
    public void close() {
        primary.close();
        if (replica != null) {
            replica.close();
        }
    }
}
