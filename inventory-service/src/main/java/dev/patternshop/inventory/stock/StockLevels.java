package dev.patternshop.inventory.stock;

import dev.patternshop.inventory.domain.InvalidStock;
import dev.patternshop.inventory.domain.Stock;
import dev.patternshop.inventory.domain.StockNotFound;
import dev.patternshop.inventory.domain.StockVersionConflict;
import dev.patternshop.inventory.events.InventoryEvents;
import dev.patternshop.inventory.persistence.Stocks;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Stock levels: public reads, and the admin's count. An adjustment names the version the admin read; it applies only
 * if the row is still at that version (one conditional update), else {@link StockVersionConflict}. It sets
 * {@code available} and leaves {@code reserved} alone: units held for orders are not the admin's to recount.
 */
@Service
@EnableConfigurationProperties(StockSettings.class)
public class StockLevels {

    private final Stocks stocks;
    private final InventoryEvents events;
    private final StockSettings settings;
    private final Clock clock;

    StockLevels(Stocks stocks, InventoryEvents events, StockSettings settings, Clock clock) {
        this.stocks = stocks;
        this.events = events;
        this.settings = settings;
        this.clock = clock;
    }

    public Stock find(long productId) {
        requireProductId(productId);
        return stocks.find(productId).orElseThrow(() -> new StockNotFound(productId));
    }

    /** The stock of the products found, in id order; unknown ids are absent. */
    public List<Stock> findAll(Set<Long> productIds) {
        if (productIds.isEmpty() || productIds.size() > settings.maxBulkIds()) {
            throw new InvalidStock("ids", "must name 1 to " + settings.maxBulkIds() + " products");
        }
        productIds.forEach(StockLevels::requireProductId);
        return stocks.findAll(productIds);
    }

    /** Sets the available count, if the stock is still at {@code expectedVersion}; appends StockChanged. */
    @Transactional
    public Stock adjust(long productId, Integer available, Long expectedVersion) {
        requireProductId(productId);
        if (available == null) {
            throw new InvalidStock("available", "is required");
        }
        if (available < 0 || available > settings.maxAvailable()) {
            throw new InvalidStock("available", "must be between 0 and " + settings.maxAvailable());
        }
        if (expectedVersion == null || expectedVersion < 0) {
            throw new InvalidStock("version", "is required: the version read with the stock, not negative");
        }
        Stock adjusted = stocks.setAvailable(productId, available, expectedVersion)
                .orElseThrow(() -> stocks.find(productId).isPresent()
                        ? new StockVersionConflict(productId, expectedVersion)
                        : new StockNotFound(productId));
        events.stockChangedByAdmin(adjusted, now());
        return adjusted;
    }

    private static void requireProductId(long productId) {
        if (productId < 1) {
            throw new InvalidStock("productId", "must be a positive product id");
        }
    }

    /** To the microsecond, as Postgres stores it: a time answered again from the database equals the first answer. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
