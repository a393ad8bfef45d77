package dev.patternshop.order.sharding;

import com.zaxxer.hikari.HikariDataSource;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Opens a pool per shard cluster (primary, and replica when configured) and migrates every cluster's schema
 * at start: the same Flyway scripts ({@code db/migration} and the outbox's {@code db/outbox}) on each, so
 * every cluster can hold any logical shard and a shard can be moved between them.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ShardingSettings.class)
class ShardingConfiguration {

    private static final int POOL_SIZE = 8;
    private static final Duration CONNECTION_TIMEOUT = Duration.ofSeconds(2);

    @Bean(destroyMethod = "close")
    ShardClusters shardClusters(ShardingSettings settings) {
        ShardDirectory directory = new ShardDirectory(settings.logicalShards(), settings.directory());
        Map<String, ShardCluster> clusters = new LinkedHashMap<>();
        for (String name : directory.clusters()) {
            ShardingSettings.Cluster cluster = settings.clusters().get(name);
            HikariDataSource primary = pool(name + "-primary", cluster.url(), cluster);
            HikariDataSource replica = cluster.replicaUrl() == null || cluster.replicaUrl().isBlank() ? null
                    : pool(name + "-replica", cluster.replicaUrl(), cluster);
            Flyway.configure()
                    .dataSource(primary)
                    .locations("classpath:db/migration", "classpath:db/outbox")
                    .load()
                    .migrate();
            clusters.put(name, new ShardCluster(name, primary, replica));
        }
        return new ShardClusters(directory, clusters);
    }

    private static HikariDataSource pool(String name, String url, ShardingSettings.Cluster cluster) {
        HikariDataSource pool = new HikariDataSource();
        pool.setPoolName(name);
        pool.setJdbcUrl(url);
        pool.setUsername(cluster.username());
        pool.setPassword(cluster.password());
        pool.setMaximumPoolSize(POOL_SIZE);
        pool.setConnectionTimeout(CONNECTION_TIMEOUT.toMillis());
        return pool;
    }
}
