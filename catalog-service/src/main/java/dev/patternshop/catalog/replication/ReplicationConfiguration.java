package dev.patternshop.catalog.replication;

import com.zaxxer.hikari.HikariDataSource;
import dev.patternshop.replication.ConnectionPools;
import dev.patternshop.replication.ReadRouting;
import dev.patternshop.replication.ReplicaChecks;
import dev.patternshop.replication.ReplicaHealth;
import dev.patternshop.replication.ReplicaMonitor;
import dev.patternshop.replication.TokenAdmission;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The replica's pool is built here rather than as a DataSource bean, so that Boot keeps auto-configuring
 * the primary (Flyway, transactions and JdbcClient all use the primary).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({ReplicaSettings.class, PrimarySettings.class})
class ReplicationConfiguration {

    /** The name the replication metrics carry (tag {@code database}). */
    private static final String DATABASE = "catalog";

    @Bean(destroyMethod = "close")
    ReplicaPool replicaPool(ReplicaSettings settings) {
        if (!settings.configured()) {
            return new ReplicaPool(null);
        }
        return new ReplicaPool(ConnectionPools.replica(
                "replica",
                new ConnectionPools.Endpoint(settings.url(), settings.username(), settings.password()),
                settings.poolSize(),
                settings.timeouts()));
    }

    /**
     * Boot builds the primary's pool from {@code spring.datasource.*}; its time limits come from
     * {@code catalog.primary}, applied before the pool opens its first connection.
     */
    @Bean
    static BeanPostProcessor primaryPoolTimeouts(ObjectProvider<PrimarySettings> settings) {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String name) {
                if (bean instanceof HikariDataSource primary) {
                    settings.getObject().timeouts().applyTo(primary);
                }
                return bean;
            }
        };
    }

    @Bean
    ReplicaMonitor replicaMonitor(
            JdbcClient primary, ReplicaPool pool, ReplicaSettings settings, MeterRegistry meters) {
        ReplicaMonitor monitor = new ReplicaMonitor(DATABASE, primary, pool.client(), settings.maxLagBytes(), meters);
        monitor.check();
        return monitor;
    }

    @Bean
    ReadRouting readRouting(JdbcClient primary, ReplicaPool pool, ReplicaMonitor monitor, MeterRegistry meters) {
        return new ReadRouting(DATABASE, primary, pool.client(), monitor, meters);
    }

    @Bean
    TokenAdmission tokenAdmission(ReadRouting routing, ReplicaMonitor monitor, PrimarySettings primary) {
        // A token ahead of everything known while the primary is down cannot be told from a forged one: refused.
        return new TokenAdmission(
                routing,
                monitor,
                primary.connectTimeout().plus(primary.socketTimeout()),
                TokenAdmission.WhenPrimaryUnreachable.REFUSE);
    }

    @Bean(initMethod = "start", destroyMethod = "close")
    ReplicaChecks replicaChecks(ReplicaMonitor monitor, ReplicaSettings settings) {
        return ReplicaChecks.of(List.of(monitor), settings.checkInterval());
    }

    /** Always UP: the catalog serves without its replica. The details say where reads go and why. */
    @Bean
    HealthIndicator replicaHealthIndicator(ReplicaMonitor monitor) {
        return ReplicaHealth.of(monitor);
    }

    record ReplicaPool(HikariDataSource dataSource) {

        JdbcClient client() {
            return dataSource == null ? null : JdbcClient.create((DataSource) dataSource);
        }

        void close() {
            if (dataSource != null) {
                dataSource.close();
            }
        }
    }
}
