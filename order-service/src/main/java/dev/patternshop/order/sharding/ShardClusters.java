package dev.patternshop.order.sharding;

import dev.patternshop.order.domain.OrderId;
import java.util.Collection;
import java.util.Map;

/** Every shard cluster by name, and the directory that says which one holds a customer or an order. */
public final class ShardClusters implements AutoCloseable {

    private final ShardDirectory directory;
    private final Map<String, ShardCluster> clusters;

    ShardClusters(ShardDirectory directory, Map<String, ShardCluster> clusters) {
        this.directory = directory;
        this.clusters = Map.copyOf(clusters);
    }

    public ShardDirectory directory() {
        return directory;
    }

    /** The customer's logical shard and its cluster: compute it once per request and pass it on. */
    public CustomerShard shardOf(String customerId) {
        int logicalShard = directory.logicalShardOf(customerId);
        return new CustomerShard(customerId, logicalShard, clusters.get(directory.clusterOf(logicalShard)));
    }

    public ShardCluster forCustomer(String customerId) {
        return shardOf(customerId).cluster();
    }

    public ShardCluster forOrder(OrderId id) {
        return clusters.get(directory.clusterOf(id));
    }

    public Collection<ShardCluster> all() {
        return clusters.values();
    }

    @Override
    public void close() {
        clusters.values().forEach(ShardCluster::close);
    }
}
