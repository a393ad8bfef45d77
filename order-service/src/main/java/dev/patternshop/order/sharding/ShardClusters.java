package dev.patternshop.order.sharding;

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

    public ShardCluster forCustomer(String customerId) {
        return clusters.get(directory.clusterOfCustomer(customerId));
    }

    public ShardCluster forOrder(OrderId id) {
        return clusters.get(directory.clusterOf(id));
    }

    public ShardCluster named(String name) {
        ShardCluster cluster = clusters.get(name);
        if (cluster == null) {
            throw new IllegalArgumentException("no shard cluster " + name);
        }
        return cluster;
    }

    public Collection<ShardCluster> all() {
        return clusters.values();
    }

    @Override
    public void close() {
        clusters.values().forEach(ShardCluster::close);
    }
}
