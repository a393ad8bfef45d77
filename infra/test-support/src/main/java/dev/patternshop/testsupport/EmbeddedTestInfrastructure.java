package dev.patternshop.testsupport;

import dev.patternshop.infra.embedded.KafkaBroker;
import dev.patternshop.infra.embedded.Ports;
import dev.patternshop.infra.embedded.PostgresCluster;
import dev.patternshop.infra.embedded.RedisServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Real servers as processes of this test JVM's: each starts on first use on free ports in a temporary
 * folder, and a shutdown hook stops them all and removes the folder.
 */
public final class EmbeddedTestInfrastructure implements TestInfrastructure {

    private static final String KAFKA_HEAP = "256m";

    private final Path root;
    private PostgresCluster postgres;
    private RedisServer redis;
    private KafkaBroker kafka;
    private final List<PostgresCluster> separateClusters = new ArrayList<>();

    EmbeddedTestInfrastructure() {
        try {
            // Searchable by others: the Postgres servers may run as an unprivileged user (see ServerUser).
            root = Files.createTempDirectory(
                    "patternshop-test-",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().unstarted(this::stopAll));
    }

    @Override
    public synchronized PostgresEndpoints postgres(String database) {
        PostgresCluster cluster = postgresCluster();
        cluster.createDatabase(database);
        return new PostgresEndpoints(
                cluster.primary().jdbcUrl(database),
                cluster.replica().jdbcUrl(database),
                cluster.credentials().username(),
                cluster.credentials().password());
    }

    /** The shared cluster itself, for tests that stop or start its servers. */
    public synchronized PostgresCluster postgresCluster() {
        if (postgres == null) {
            postgres = PostgresCluster.ephemeral("test-postgres", root.resolve("postgres"), Ports.free(), Ports.free())
                    .start();
        }
        return postgres;
    }

    /**
     * A cluster of its own (primary + streaming replica) beside the shared one, for a test that must break one
     * cluster while another keeps working; stopped with the rest when the JVM ends (or earlier by the test).
     */
    public synchronized PostgresCluster separatePostgresCluster(String name) {
        PostgresCluster cluster = PostgresCluster.ephemeral(name, root.resolve(name), Ports.free(), Ports.free())
                .start();
        separateClusters.add(cluster);
        return cluster;
    }

    @Override
    public void awaitReplicaCaughtUp(Duration timeout) {
        postgresCluster().awaitReplicaCaughtUp(timeout);
    }

    @Override
    public void pauseReplicaReplay() {
        replay("pg_wal_replay_pause()");
    }

    @Override
    public void resumeReplicaReplay() {
        replay("pg_wal_replay_resume()");
    }

    private void replay(String function) {
        try (Connection connection = postgresCluster().replica().connect("postgres");
                Statement statement = connection.createStatement()) {
            statement.execute("select " + function);
        } catch (SQLException e) {
            throw new IllegalStateException(function + " on the replica failed: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized RedisEndpoint redis() {
        RedisServer server = redisServer();
        return new RedisEndpoint(server.host(), server.port());
    }

    public synchronized RedisServer redisServer() {
        if (redis == null) {
            redis = new RedisServer("test-redis", root.resolve("redis"), root.resolve("logs/redis.log"), Ports.free())
                    .start();
        }
        return redis;
    }

    @Override
    public synchronized String kafkaBootstrapServers() {
        return kafkaBroker().bootstrapServers();
    }

    public synchronized KafkaBroker kafkaBroker() {
        if (kafka == null) {
            kafka = new KafkaBroker(
                            "test-kafka",
                            root.resolve("kafka"),
                            root.resolve("logs/kafka.log"),
                            Ports.free(),
                            Ports.free(),
                            KAFKA_HEAP,
                            true)
                    .start();
        }
        return kafka;
    }

    private synchronized void stopAll() {
        if (kafka != null) {
            kafka.stop();
        }
        if (redis != null) {
            redis.stop();
        }
        if (postgres != null) {
            postgres.stop();
        }
        separateClusters.forEach(PostgresCluster::stop);
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // Leftovers in the temp folder are not worth failing a finished test run for.
        }
    }
}
