package dev.patternshop.order.sharding;

import dev.patternshop.order.domain.OrderId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Logical shards to physical clusters: the directory. Many more logical shards than clusters, so that moving
 * load means moving whole logical shards to another cluster (and changing one line here), never re-hashing
 * customers. Built from ranges like {@code "0-31" -> "orders-a"}; every logical shard must be mapped exactly once.
 */
public final class ShardDirectory {

    private final int logicalShards;
    private final String[] clusterOf;

    public ShardDirectory(int logicalShards, Map<String, String> ranges) {
        if (logicalShards < 1 || logicalShards > OrderId.MAX_SHARDS) {
            throw new IllegalArgumentException("logical shards must be within 1.." + OrderId.MAX_SHARDS);
        }
        this.logicalShards = logicalShards;
        this.clusterOf = new String[logicalShards];
        ranges.forEach((range, cluster) -> {
            String[] bounds = range.trim().split("-");
            int from = Integer.parseInt(bounds[0].trim());
            int to = Integer.parseInt(bounds[bounds.length - 1].trim());
            if (from < 0 || to >= logicalShards || from > to) {
                throw new IllegalArgumentException("shard range " + range + " is outside 0-" + (logicalShards - 1));
            }
            for (int shard = from; shard <= to; shard++) {
                if (clusterOf[shard] != null) {
                    throw new IllegalArgumentException("logical shard " + shard + " is mapped twice");
                }
                clusterOf[shard] = cluster;
            }
        });
        for (int shard = 0; shard < logicalShards; shard++) {
            if (clusterOf[shard] == null) {
                throw new IllegalArgumentException("logical shard " + shard + " is not mapped to a cluster");
            }
        }
    }

    public int logicalShards() {
        return logicalShards;
    }

    public int logicalShardOf(String customerId) {
        return ShardKey.logicalShardOf(customerId, logicalShards);
    }

    public String clusterOf(int logicalShard) {
        if (logicalShard < 0 || logicalShard >= logicalShards) {
            throw new IllegalArgumentException("no logical shard " + logicalShard);
        }
        return clusterOf[logicalShard];
    }

    /** Whether an id names one of this directory's shards (one made up by a client may not). */
    public boolean holds(OrderId id) {
        return id.logicalShard() < logicalShards;
    }

    public String clusterOf(OrderId id) {
        return clusterOf(id.logicalShard());
    }

    public String clusterOfCustomer(String customerId) {
        return clusterOf(logicalShardOf(customerId));
    }

    public Set<String> clusters() {
        return new TreeSet<>(Arrays.asList(clusterOf));
    }

    /**
     * Cluster -> its logical shards: what moving a shard changes (README). The admin's scatter-gather does not use
     * it: it asks each cluster once for all the shards it holds.
     */
    public Map<String, List<Integer>> shardsByCluster() {
        Map<String, List<Integer>> byCluster = new LinkedHashMap<>();
        for (int shard = 0; shard < logicalShards; shard++) {
            byCluster
                    .computeIfAbsent(clusterOf[shard], cluster -> new ArrayList<>())
                    .add(shard);
        }
        return byCluster;
    }
}
