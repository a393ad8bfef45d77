package dev.patternshop.inbox;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Where a consumer records and applies a message: the database that owns the record's key. One for most services;
 * a sharded service routes by the key (the order id), and its handlers use a {@code JdbcClient} on the same
 * {@link DataSource} the router picked for that key (Spring binds the transaction's connection to the thread, so
 * the handler's writes join the inbox row's transaction).
 */
public final class InboxDatabases {

    private final Function<String, DataSource> byKey;
    private final List<DataSource> all;
    private final Map<DataSource, Database> databases = new ConcurrentHashMap<>();

    private InboxDatabases(Function<String, DataSource> byKey, Collection<DataSource> all) {
        this.byKey = byKey;
        this.all = List.copyOf(all);
        if (this.all.isEmpty()) {
            throw new IllegalArgumentException("an inbox needs at least one database");
        }
    }

    /** Every message goes to this database. */
    public static InboxDatabases single(DataSource dataSource) {
        return new InboxDatabases(key -> dataSource, List.of(dataSource));
    }

    /**
     * @param byKey the database that owns a record key (null keys included, if the service's producers send any)
     * @param all   every database the router can answer, each with an inbox table: the clean-up visits them all
     */
    public static InboxDatabases routed(Function<String, DataSource> byKey, Collection<DataSource> all) {
        return new InboxDatabases(byKey, all);
    }

    Database forKey(String key) {
        DataSource dataSource = byKey.apply(key);
        if (dataSource == null) {
            throw new IllegalStateException("no database owns record key " + key);
        }
        return database(dataSource);
    }

    List<Database> all() {
        return all.stream().map(this::database).toList();
    }

    private Database database(DataSource dataSource) {
        return databases.computeIfAbsent(
                dataSource,
                source -> new Database(
                        JdbcClient.create(source), new TransactionTemplate(new DataSourceTransactionManager(source))));
    }

    /** A database with its transactions; the client takes part in a transaction the template started. */
    record Database(JdbcClient jdbc, TransactionTemplate transactions) {}
}
