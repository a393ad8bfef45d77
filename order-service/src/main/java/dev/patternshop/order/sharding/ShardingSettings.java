package dev.patternshop.order.sharding;

import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The shard layout: how many logical shards, which cluster holds which range of them, and how to reach each
 * cluster (its primary, and its streaming replica for reads). The runtime supplies the addresses
 * (local runtime: SPRING_APPLICATION_JSON from local-runtime.properties; docker-compose.yml).
 */
@ConfigurationProperties("orders.sharding")
public record ShardingSettings(int logicalShards, Map<String, String> directory, Map<String, Cluster> clusters,
                               @DefaultValue Pool pool, @DefaultValue Replica replica) {

    public ShardingSettings {
        directory = directory == null ? Map.of() : Map.copyOf(directory);
        clusters = clusters == null ? Map.of() : Map.copyOf(clusters);
        for (String cluster : directory.values()) {
            if (!clusters.containsKey(cluster) || clusters.get(cluster).url() == null) {
                throw new IllegalArgumentException("orders.sharding.clusters." + cluster + ".url is required: the directory "
                        + "maps shards to it");
            }
        }
    }

    /** @param replicaUrl optional: without one, reads go to the primary */
    public record Cluster(String url, String replicaUrl, String username, String password) {
    }

    /**
     * Connection pools, the same for every cluster.
     *
     * @param replicaConnectionTimeout how long a read waits for a replica connection before it falls back
     * @param socketTimeout            how long any statement may wait on the network: a node that stops answering
     *                                 without closing its connections fails the call instead of hanging it
     */
    public record Pool(@DefaultValue("8") int size, @DefaultValue("2s") Duration connectionTimeout,
                       @DefaultValue("500ms") Duration replicaConnectionTimeout,
                       @DefaultValue("5s") Duration socketTimeout) {
    }

    /**
     * @param maxLagBytes   past this much unreplayed WAL a replica is "behind" and reads go to the primary
     * @param checkInterval how often each replica's lag is measured
     */
    public record Replica(@DefaultValue("1048576") long maxLagBytes, @DefaultValue("1s") Duration checkInterval) {
    }
}
