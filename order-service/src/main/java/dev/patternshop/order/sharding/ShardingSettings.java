package dev.patternshop.order.sharding;

import dev.patternshop.replication.PoolTimeouts;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import java.time.Duration;
import java.util.Map;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The shard layout: how many logical shards, which cluster holds which range of them, and how to reach each
 * cluster (its primary, and its streaming replica for reads). The runtime supplies the addresses
 * (local runtime: SPRING_APPLICATION_JSON from local-runtime.properties; docker-compose.yml).
 */
@Validated
@ConfigurationProperties("orders.sharding")
public record ShardingSettings(
        @Min(1) int logicalShards,
        Map<String, String> directory,
        Map<String, Cluster> clusters,
        @Valid @DefaultValue Pool pool,
        @Valid @DefaultValue Replica replica) {

    public ShardingSettings {
        directory = directory == null ? Map.of() : Map.copyOf(directory);
        clusters = clusters == null ? Map.of() : Map.copyOf(clusters);
        for (String cluster : directory.values()) {
            if (!clusters.containsKey(cluster) || clusters.get(cluster).url() == null) {
                throw new IllegalArgumentException("orders.sharding.clusters." + cluster
                        + ".url is required: the directory " + "maps shards to it");
            }
        }
    }

    /** @param replicaUrl optional: without one, reads go to the primary */
    public record Cluster(String url, String replicaUrl, String username, String password) {}

    /**
     * Connection pools, the same for every cluster; each cluster has its own pools, so a hung cluster ties up
     * only its own connections. Every wait on a cluster is bounded, and under the gateway's 3 s time limit: a
     * request for a hung cluster's customer ends in this service's 503 (+ Retry-After), not the edge's 504.
     *
     * @param connectionTimeout        how long a request waits for a primary connection (pool exhausted, or every
     *                                 idle connection failing its check)
     * @param replicaConnectionTimeout how long a read waits for a replica connection before it falls back
     * @param validationTimeout        how long checking an idle connection may take before it is replaced; below
     *                                 the connection timeout, or one check of a hung server would use it all up
     * @param socketTimeout            how long any statement may wait on the network: a node that stops answering
     *                                 without closing its connections fails the call instead of hanging it
     *                                 (PgJDBC counts it in whole seconds)
     */
    public record Pool(
            @Min(1) @DefaultValue("8") int size,

            @NotNull @DurationMin(millis = 1) @DefaultValue("2s")
            Duration connectionTimeout,

            @NotNull @DurationMin(millis = 1) @DefaultValue("500ms")
            Duration replicaConnectionTimeout,

            @NotNull @DurationMin(millis = 1) @DefaultValue("1s")
            Duration validationTimeout,

            @NotNull @DurationMin(millis = 1) @DefaultValue("2s")
            Duration socketTimeout) {

        public Pool {
            if (validationTimeout.compareTo(connectionTimeout) >= 0) {
                throw new IllegalArgumentException("orders.sharding.pool.validation-timeout (" + validationTimeout
                        + ") must be below connection-timeout (" + connectionTimeout + ")");
            }
        }

        /** A primary's limits (no statement timeout: the server's own). */
        public PoolTimeouts primaryTimeouts() {
            return new PoolTimeouts(connectionTimeout, validationTimeout, null, socketTimeout);
        }

        /** A replica's: a read waits {@code replicaConnectionTimeout} at most before it falls back to the primary. */
        public PoolTimeouts replicaTimeouts() {
            Duration validation = validationTimeout.compareTo(replicaConnectionTimeout) < 0
                    ? validationTimeout
                    : replicaConnectionTimeout;
            return new PoolTimeouts(replicaConnectionTimeout, validation, null, socketTimeout);
        }
    }

    /**
     * @param maxLagBytes   past this much unreplayed WAL a replica is "behind" and reads go to the primary
     * @param checkInterval how often each replica's lag is measured
     */
    public record Replica(
            @PositiveOrZero @DefaultValue("1048576") long maxLagBytes,

            @NotNull @DurationMin(millis = 1) @DefaultValue("1s")
            Duration checkInterval) {}
}
