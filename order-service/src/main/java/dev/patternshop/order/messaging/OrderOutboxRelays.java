package dev.patternshop.order.messaging;

import dev.patternshop.order.sharding.ShardCluster;
import dev.patternshop.order.sharding.ShardClusters;
import dev.patternshop.outbox.OutboxProducerFactory;
import dev.patternshop.outbox.OutboxRelays;
import dev.patternshop.outbox.OutboxTracing;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.sql.DataSource;

/**
 * The library's relay lifecycle ({@link OutboxRelays}) over the shard clusters' primaries: one relay per cluster
 * in every instance; per cluster, one of them leads and publishes that cluster's events. Not started when
 * {@code orders.outbox.relay-enabled} is false.
 */
public class OrderOutboxRelays extends OutboxRelays {

    public OrderOutboxRelays(
            ShardClusters clusters,
            OrderOutboxSettings settings,
            OutboxProducerFactory producers,
            MeterRegistry meters,
            OutboxTracing tracing) {
        super(primaries(clusters), producers, settings.relay(), meters, tracing);
        setAutoStartup(settings.relayEnabled());
    }

    private static Map<String, DataSource> primaries(ShardClusters clusters) {
        Map<String, DataSource> primaries = new LinkedHashMap<>();
        for (ShardCluster cluster : clusters.all()) {
            primaries.put(cluster.name(), cluster.primary());
        }
        return primaries;
    }
}
