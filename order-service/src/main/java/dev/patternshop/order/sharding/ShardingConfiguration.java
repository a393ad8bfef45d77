package dev.patternshop.order.sharding;

import com.zaxxer.hikari.HikariDataSource;
import dev.patternshop.replication.ConnectionPools;
import dev.patternshop.replication.ReadRouting;
import dev.patternshop.replication.ReplicaChecks;
import dev.patternshop.replication.ReplicaHealth;
import dev.patternshop.replication.ReplicaMonitor;
import dev.patternshop.replication.TokenAdmission;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Opens a pool per shard cluster (primary, and replica when configured) and migrates every cluster's schema
 * at start: the same Flyway scripts ({@code db/migration}, the outbox's {@code db/outbox}, the inbox's {@code db/inbox}) on each, so
 * every cluster can hold any logical shard and a shard can be moved between them. Each cluster's replica is
 * watched for lag; reads go there only when it has what the caller needs.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ShardingSettings.class)
class ShardingConfiguration {

    @Bean(destroyMethod = "close")
    ShardClusters shardClusters(ShardingSettings settings, MeterRegistry meters) {
        ShardDirectory directory = new ShardDirectory(settings.logicalShards(), settings.directory());
        Map<String, ShardCluster> clusters = new LinkedHashMap<>();
        for (String name : directory.clusters()) {
            ShardingSettings.Cluster cluster = settings.clusters().get(name);
            ShardingSettings.Pool pool = settings.pool();
            HikariDataSource primary = ConnectionPools.primary(
                    name + "-primary",
                    new ConnectionPools.Endpoint(cluster.url(), cluster.username(), cluster.password()),
                    pool.size(),
                    pool.primaryTimeouts());
            HikariDataSource replica = cluster.replicaUrl() == null
                            || cluster.replicaUrl().isBlank()
                    ? null
                    : ConnectionPools.replica(
                            name + "-replica",
                            new ConnectionPools.Endpoint(cluster.replicaUrl(), cluster.username(), cluster.password()),
                            pool.size(),
                            pool.replicaTimeouts());
            Flyway.configure()
                    .dataSource(primary)
                    .locations("classpath:db/migration", "classpath:db/outbox", "classpath:db/inbox")
                    // Library migrations are numbered 0.x to run first on a new database; one a library adds
                    // later (outbox 0.2) must still run on a database that is already past the service's V2.
                    .outOfOrder(true)
                    .load()
                    .migrate();
            JdbcClient primaryJdbc = JdbcClient.create(primary);
            JdbcClient replicaJdbc = replica == null ? null : JdbcClient.create(replica);
            ReplicaMonitor monitor = new ReplicaMonitor(
                    name, primaryJdbc, replicaJdbc, settings.replica().maxLagBytes(), meters);
            monitor.check();
            ReadRouting reads = new ReadRouting(name, primaryJdbc, replicaJdbc, monitor, meters);
            // While the primary is down, the replica's data is the newest there is: a token ahead of it is served.
            TokenAdmission tokens = new TokenAdmission(
                    reads,
                    monitor,
                    pool.connectionTimeout().plus(pool.socketTimeout()),
                    TokenAdmission.WhenPrimaryUnreachable.SERVE_FROM_REPLICA);
            clusters.put(name, new ShardCluster(name, primary, replica, monitor, reads, tokens));
        }
        return new ShardClusters(directory, clusters);
    }

    @Bean(initMethod = "start", destroyMethod = "close")
    ReplicaChecks replicaChecks(ShardClusters clusters, ShardingSettings settings) {
        return ReplicaChecks.of(monitors(clusters), settings.replica().checkInterval());
    }

    /** Always UP: orders are served without replicas. The details say where each cluster's reads go. */
    @Bean
    HealthIndicator shardReplicasHealthIndicator(ShardClusters clusters) {
        return ReplicaHealth.perDatabase(monitors(clusters));
    }

    private static List<ReplicaMonitor> monitors(ShardClusters clusters) {
        return clusters.all().stream().map(ShardCluster::replicaMonitor).toList();
    }
}
