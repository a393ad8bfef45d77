package dev.patternshop.inventory.persistence;

import dev.patternshop.inventory.domain.Stock;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The stock table. Every change is one conditional update that bumps the version and answers the row as it now is;
 * the condition (enough available, enough reserved, the expected version) is checked by the database in the same
 * statement, so no interleaving of transactions can take stock below zero.
 */
@Repository
public class Stocks {

    private static final String COLUMNS = "product_id, available, reserved, version, updated_at";

    private final JdbcClient database;

    public Stocks(JdbcClient database) {
        this.database = database;
    }

    public Optional<Stock> find(long productId) {
        return database.sql("select " + COLUMNS + " from stock where product_id = ?")
                .param(productId)
                .query(Stocks::stock)
                .optional();
    }

    /** The products found, in id order; unknown ids are absent. */
    public List<Stock> findAll(Collection<Long> productIds) {
        return database.sql("select " + COLUMNS + " from stock where product_id = any(?) order by product_id")
                .param(productIds.toArray(Long[]::new))
                .query(Stocks::stock)
                .list();
    }

    /**
     * Locks the rows in product-id order (the lock is taken above the sort) and answers them by id. Every writer
     * locks stock rows in that one order, so two transactions never wait on each other in a circle.
     */
    public Map<Long, Stock> lockInProductOrder(Collection<Long> productIds) {
        Map<Long, Stock> locked = new LinkedHashMap<>();
        database.sql("select " + COLUMNS + " from stock where product_id = any(?) order by product_id for update")
                .param(productIds.toArray(Long[]::new))
                .query(Stocks::stock)
                .list()
                .forEach(stock -> locked.put(stock.productId(), stock));
        return locked;
    }

    /** Moves {@code quantity} from available to reserved, only if that many are available. */
    public Optional<Stock> reserve(long productId, int quantity) {
        return change("available = available - :q, reserved = reserved + :q", "available >= :q", productId, quantity);
    }

    /** The reserved units leave for good (the order is paid). */
    public Optional<Stock> commit(long productId, int quantity) {
        return change("reserved = reserved - :q", "reserved >= :q", productId, quantity);
    }

    /** The reserved units return to available. */
    public Optional<Stock> release(long productId, int quantity) {
        return change("available = available + :q, reserved = reserved - :q", "reserved >= :q", productId, quantity);
    }

    /** An admin's count: sets available, only if the row is still at {@code expectedVersion}. */
    public Optional<Stock> setAvailable(long productId, int available, long expectedVersion) {
        return database.sql("""
                        update stock set available = :available, version = version + 1, updated_at = now()
                        where product_id = :p and version = :version
                        returning\s""" + COLUMNS)
                .param("available", available)
                .param("p", productId)
                .param("version", expectedVersion)
                .query(Stocks::stock)
                .optional();
    }

    private Optional<Stock> change(String set, String condition, long productId, int quantity) {
        return database.sql("update stock set " + set + ", version = version + 1, updated_at = now()"
                        + " where product_id = :p and " + condition + " returning " + COLUMNS)
                .param("q", quantity)
                .param("p", productId)
                .query(Stocks::stock)
                .optional();
    }

    private static Stock stock(ResultSet row, int number) throws SQLException {
        return new Stock(
                row.getLong("product_id"),
                row.getInt("available"),
                row.getInt("reserved"),
                row.getLong("version"),
                row.getTimestamp("updated_at").toInstant());
    }
}
