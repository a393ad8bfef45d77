package dev.patternshop.inventory.events;

import dev.patternshop.events.Envelope;
import dev.patternshop.events.Topics;
import dev.patternshop.events.inventory.v1.StockChanged;
import dev.patternshop.inventory.domain.Stock;
import dev.patternshop.outbox.Outbox;
import java.time.Instant;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Inventory's side of the outbox: replies and facts go to {@link Topics#INVENTORY_EVENTS} through the outbox, in the
 * caller's transaction, so they are published if and only if the change they describe commits. Replies are keyed by
 * the order id, {@link StockChanged} by the product id.
 */
@Component
public class InventoryEvents {

    private final JdbcClient database;
    private final JsonMapper json;

    InventoryEvents(JdbcClient database, JsonMapper json) {
        this.database = database;
        this.json = json;
    }

    /** A reply to a command (or the expiry's ReservationReleased), keyed by the order id. */
    public void reply(String orderId, Envelope envelope, Record payload) {
        Outbox.append(database, Topics.INVENTORY_EVENTS, orderId, envelope, json.writeValueAsString(payload));
    }

    /** A product's stock as it now is, caused by {@code cause} (the command or the release that changed it). */
    public void stockChanged(Stock stock, Envelope cause, Instant at) {
        stockChanged(stock, cause.next(StockChanged.TYPE, at));
    }

    /** A change nothing else caused (an admin's count): a first message, correlated by the product id. */
    public void stockChangedByAdmin(Stock stock, Instant at) {
        stockChanged(stock, Envelope.first(StockChanged.TYPE, Long.toString(stock.productId()), at));
    }

    private void stockChanged(Stock stock, Envelope envelope) {
        StockChanged event = new StockChanged(stock.productId(), stock.available(), stock.reserved(), stock.version());
        Outbox.append(
                database,
                Topics.INVENTORY_EVENTS,
                Long.toString(stock.productId()),
                envelope,
                json.writeValueAsString(event));
    }
}
