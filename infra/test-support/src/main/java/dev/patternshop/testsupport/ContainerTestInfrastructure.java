package dev.patternshop.testsupport;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * The Testcontainers path, for machines with a Docker engine. Kept deliberately small. One difference
 * from the embedded path: there is no streaming replica, the "replica" URL points at the primary, so
 * tests about replication itself run only on the embedded infrastructure ({@link TestInfrastructure#embedded()}).
 */
public final class ContainerTestInfrastructure implements TestInfrastructure {

    static final String POSTGRES_IMAGE = "postgres:18.1-alpine";
    static final String REDIS_IMAGE = "redis:7.4-alpine";
    static final String KAFKA_IMAGE = "apache/kafka:4.1.1";
    private static final int REDIS_PORT = 6379;

    private PostgreSQLContainer postgres;
    private GenericContainer<?> redis;
    private KafkaContainer kafka;

    ContainerTestInfrastructure() {}

    @Override
    public synchronized PostgresEndpoints postgres(String database) {
        if (postgres == null) {
            postgres = new PostgreSQLContainer(POSTGRES_IMAGE);
            postgres.start();
        }
        createDatabase(database);
        String url = postgres.getJdbcUrl().replaceFirst("/[^/?]+(\\?|$)", "/" + database + "$1");
        return new PostgresEndpoints(url, url, postgres.getUsername(), postgres.getPassword());
    }

    @Override
    public synchronized RedisEndpoint redis() {
        if (redis == null) {
            redis = new GenericContainer<>(REDIS_IMAGE).withExposedPorts(REDIS_PORT);
            redis.start();
        }
        return new RedisEndpoint(redis.getHost(), redis.getMappedPort(REDIS_PORT));
    }

    @Override
    public synchronized String kafkaBootstrapServers() {
        if (kafka == null) {
            kafka = new KafkaContainer(KAFKA_IMAGE);
            kafka.start();
        }
        return kafka.getBootstrapServers();
    }

    private void createDatabase(String database) {
        try (Connection connection = DriverManager.getConnection(
                        postgres.getJdbcUrl(), postgres.getUsername(), postgres.getPassword());
                Statement statement = connection.createStatement()) {
            if (!statement
                    .executeQuery("select 1 from pg_database where datname = '" + database + "'")
                    .next()) {
                statement.execute("create database " + database);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not create database " + database + ": " + e.getMessage(), e);
        }
    }
}
