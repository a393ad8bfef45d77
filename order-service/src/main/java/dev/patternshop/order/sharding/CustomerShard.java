package dev.patternshop.order.sharding;

/**
 * A customer's logical shard and the cluster that holds it, worked out once per request and handed to every step
 * that touches the customer's data, so the hash and the directory are consulted once.
 */
public record CustomerShard(String customerId, int logicalShard, ShardCluster cluster) {}
