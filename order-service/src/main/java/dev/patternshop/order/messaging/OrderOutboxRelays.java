package dev.patternshop.order.messaging;

import dev.patternshop.order.sharding.ShardCluster;
import dev.patternshop.order.sharding.ShardClusters;
import dev.patternshop.outbox.OutboxProducers;
import dev.patternshop.outbox.OutboxRelay;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.Producer;
import org.springframework.context.SmartLifecycle;

/**
 * One outbox relay per shard cluster in every instance; per cluster, one of them leads (advisory lock) and
 * publishes that cluster's events. Started after the context is ready, stopped before the pools close.
 */
public class OrderOutboxRelays implements SmartLifecycle {

    private final ShardClusters clusters;
    private final OrderOutboxSettings settings;
    private final String bootstrapServers;
    private final MeterRegistry meters;
    private final Map<String, OutboxRelay> relays = new LinkedHashMap<>();
    private Producer<String, String> producer;
    private volatile boolean running;

    public OrderOutboxRelays(
            ShardClusters clusters, OrderOutboxSettings settings, String bootstrapServers, MeterRegistry meters) {
        this.clusters = clusters;
        this.settings = settings;
        this.bootstrapServers = bootstrapServers;
        this.meters = meters;
    }

    @Override
    public synchronized void start() {
        if (running || !settings.relayEnabled()) {
            return;
        }
        producer = OutboxProducers.create(bootstrapServers, "order-service-outbox");
        for (ShardCluster cluster : clusters.all()) {
            OutboxRelay relay = new OutboxRelay(
                    cluster.name(), cluster.primary(), producer, settings.relay(), meters, Clock.systemUTC());
            relay.start();
            relays.put(cluster.name(), relay);
        }
        running = true;
    }

    @Override
    public synchronized void stop() {
        relays.values().forEach(OutboxRelay::close);
        relays.clear();
        if (producer != null) {
            producer.close();
            producer = null;
        }
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** The leading relays' cluster names, for tests and the README's status check. */
    public List<String> leading() {
        return relays.entrySet().stream()
                .filter(relay -> relay.getValue().isLeader())
                .map(Map.Entry::getKey)
                .toList();
    }
}
