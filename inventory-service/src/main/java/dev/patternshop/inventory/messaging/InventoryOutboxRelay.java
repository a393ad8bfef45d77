package dev.patternshop.inventory.messaging;

import dev.patternshop.outbox.OutboxProducers;
import dev.patternshop.outbox.OutboxRelay;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import javax.sql.DataSource;
import org.apache.kafka.clients.producer.Producer;
import org.springframework.context.SmartLifecycle;

/**
 * The outbox relay of the inventory database in this instance; of the instances, the one holding the advisory lock
 * publishes (dev.patternshop.outbox). Started after the context is ready, stopped before the pool closes. Kept
 * minimal on purpose: the outbox library's shared lifecycle replaces it.
 */
public class InventoryOutboxRelay implements SmartLifecycle {

    static final String NAME = "inventory";

    private final DataSource dataSource;
    private final InventoryOutboxSettings settings;
    private final String bootstrapServers;
    private final MeterRegistry meters;
    private Producer<String, String> producer;
    private OutboxRelay relay;

    public InventoryOutboxRelay(
            DataSource dataSource, InventoryOutboxSettings settings, String bootstrapServers, MeterRegistry meters) {
        this.dataSource = dataSource;
        this.settings = settings;
        this.bootstrapServers = bootstrapServers;
        this.meters = meters;
    }

    @Override
    public synchronized void start() {
        if (relay != null || !settings.relayEnabled()) {
            return;
        }
        producer = OutboxProducers.create(bootstrapServers, "inventory-service-outbox");
        relay = new OutboxRelay(NAME, dataSource, producer, settings.relay(), meters, Clock.systemUTC());
        relay.start();
    }

    @Override
    public synchronized void stop() {
        if (relay != null) {
            relay.close();
            relay = null;
        }
        if (producer != null) {
            producer.close();
            producer = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return relay != null;
    }

    /** Whether this instance's relay publishes now (for tests and the README's status check). */
    public synchronized boolean isLeading() {
        return relay != null && relay.isLeader();
    }
}
