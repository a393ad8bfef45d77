package dev.patternshop.testsupport;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.utility.MountableFile;

/**
 * The Testcontainers path, for machines with a Docker engine: the same images as docker-compose.yml and the same
 * Postgres topology, a primary and a streaming replica on one network, set up by the same two scripts
 * (infra/docker/postgres) with the same environment. {@code ContainerImagesMatchComposeTest} keeps images and
 * environment from drifting. Tests that stop or freeze server processes do not run here: they carry
 * {@link EmbeddedInfrastructureOnly}.
 */
public final class ContainerTestInfrastructure implements TestInfrastructure {

    static final String POSTGRES_IMAGE = "postgres:18.6";
    static final String REDIS_IMAGE = "redis:7.0.15";
    static final String KAFKA_IMAGE = "apache/kafka:4.1.2";

    /**
     * Compose's scripts (paths in the repository) and where compose puts them: the official image runs what it
     * finds in docker-entrypoint-initdb.d when it initializes the primary; the replica's is its entrypoint.
     */
    static final String PRIMARY_INIT_SCRIPT = "infra/docker/postgres/primary-init.sh";

    static final String PRIMARY_INIT_TARGET = "/docker-entrypoint-initdb.d/primary-init.sh";
    static final String REPLICA_ENTRYPOINT_SCRIPT = "infra/docker/postgres/replica-entrypoint.sh";
    static final String REPLICA_ENTRYPOINT_TARGET = "/patternshop/replica-entrypoint.sh";

    static final String PRIMARY_HOST = "postgres";
    static final String REPLICA_HOST = "postgres-replica";
    /** The slot primary-init.sh creates and replica-entrypoint.sh streams from. */
    static final String REPLICATION_SLOT = "replica";

    private static final int POSTGRES_PORT = 5432;
    private static final String USER = "patternshop";
    private static final String PASSWORD = "patternshop";
    private static final int REDIS_PORT = 6379;
    private static final Duration REPLICA_WAIT = Duration.ofMinutes(2);
    private static final Pattern DATABASE_NAME = Pattern.compile("[a-z_][a-z0-9_]*");

    private Network network;
    private PostgreSQLContainer primary;
    private GenericContainer<?> replica;
    private GenericContainer<?> redis;
    private KafkaContainer kafka;

    ContainerTestInfrastructure() {}

    /** The primary's environment, as compose's x-postgres-primary gives it (the port aside: 5432 inside). */
    static Map<String, String> primaryEnvironment() {
        Map<String, String> environment = commonPostgresEnvironment();
        // No database up front: tests create theirs on demand (postgres(database)), as on the embedded path.
        environment.put("PATTERNSHOP_DATABASES", "");
        return environment;
    }

    /** The replica's environment, as compose's x-postgres-replica services give it. */
    static Map<String, String> replicaEnvironment() {
        Map<String, String> environment = commonPostgresEnvironment();
        environment.put("PATTERNSHOP_PRIMARY_HOST", PRIMARY_HOST);
        environment.put("PATTERNSHOP_PRIMARY_PORT", Integer.toString(POSTGRES_PORT));
        environment.put("PATTERNSHOP_REPLICA_NAME", REPLICA_HOST);
        return environment;
    }

    private static Map<String, String> commonPostgresEnvironment() {
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("POSTGRES_USER", USER);
        environment.put("POSTGRES_PASSWORD", PASSWORD);
        environment.put("PATTERNSHOP_REPLICATION_PASSWORD", "replicator");
        environment.put("PGDATA", "/var/lib/postgresql/data");
        environment.put("PGPORT", Integer.toString(POSTGRES_PORT));
        return environment;
    }

    @Override
    public synchronized PostgresEndpoints postgres(String database) {
        startPostgres();
        createDatabase(database);
        return new PostgresEndpoints(
                jdbcUrl(primary, database), jdbcUrl(replica, database), primary.getUsername(), primary.getPassword());
    }

    private void startPostgres() {
        if (primary != null) {
            return;
        }
        Path repository = RepositoryRoot.find();
        network = Network.newNetwork();
        primary = new PostgreSQLContainer(POSTGRES_IMAGE)
                .withUsername(USER)
                .withPassword(PASSWORD)
                // The image's own maintenance database: POSTGRES_DB creates nothing more.
                .withDatabaseName("postgres")
                .withEnv(primaryEnvironment())
                .withNetwork(network)
                .withNetworkAliases(PRIMARY_HOST)
                .withCopyFileToContainer(script(repository, PRIMARY_INIT_SCRIPT), PRIMARY_INIT_TARGET);
        primary.start();
        replica = new GenericContainer<>(POSTGRES_IMAGE)
                .withEnv(replicaEnvironment())
                .withNetwork(network)
                .withNetworkAliases(REPLICA_HOST)
                .withExposedPorts(POSTGRES_PORT)
                .withCopyFileToContainer(script(repository, REPLICA_ENTRYPOINT_SCRIPT), REPLICA_ENTRYPOINT_TARGET)
                .withCreateContainerCmdModifier(command -> command.withEntrypoint(REPLICA_ENTRYPOINT_TARGET))
                // What a standby logs once it replays and answers; the checks below prove it streams.
                .waitingFor(Wait.forLogMessage(".*database system is ready to accept read-only connections.*", 1)
                        .withStartupTimeout(REPLICA_WAIT));
        replica.start();
        awaitStreaming();
    }

    /** Only a replica that is in recovery and listed by the primary as streaming may be handed out. */
    private void awaitStreaming() {
        awaitTrue(
                "the replica to be in recovery",
                () -> queryBoolean(jdbcUrl(replica, "postgres"), "select pg_is_in_recovery()", null));
        // The sender serving the slot primary-init.sh made (the replica's pg_basebackup --slot) is streaming.
        awaitTrue(
                "the primary to stream to " + REPLICA_HOST,
                () -> queryBoolean(
                        jdbcUrl(primary, "postgres"),
                        "select exists (select 1 from pg_stat_replication r join pg_replication_slots s"
                                + " on s.active_pid = r.pid where s.slot_name = ? and r.state = 'streaming')",
                        REPLICATION_SLOT));
    }

    /** Created on the primary; the replica gets it by replication, and is waited for so that its URL works. */
    private void createDatabase(String database) {
        if (!DATABASE_NAME.matcher(database).matches()) {
            throw new IllegalArgumentException("not a plain database name: " + database);
        }
        String exists = "select exists (select 1 from pg_database where datname = ?)";
        try (Connection connection = DriverManager.getConnection(jdbcUrl(primary, "postgres"), USER, PASSWORD);
                Statement statement = connection.createStatement()) {
            if (!queryBoolean(jdbcUrl(primary, "postgres"), exists, database)) {
                statement.execute("create database " + database);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not create database " + database + ": " + e.getMessage(), e);
        }
        awaitTrue(
                "database " + database + " on the replica",
                () -> queryBoolean(jdbcUrl(replica, "postgres"), exists, database));
    }

    @Override
    public void awaitReplicaCaughtUp(Duration timeout) {
        PostgresEndpoints postgres = postgres("postgres");
        // The insert position covers every record written so far, flushed or not (as PostgresCluster does).
        String target = queryString(postgres.primaryUrl(), "select pg_current_wal_insert_lsn()::text");
        awaitTrue(
                "the replica replaying up to " + target,
                timeout,
                () -> queryBoolean(postgres.replicaUrl(), "select pg_last_wal_replay_lsn() >= ?::pg_lsn", target));
    }

    @Override
    public void pauseReplicaReplay() {
        queryString(postgres("postgres").replicaUrl(), "select pg_wal_replay_pause()");
    }

    @Override
    public void resumeReplicaReplay() {
        queryString(postgres("postgres").replicaUrl(), "select pg_wal_replay_resume()");
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

    /** Executable, as in the repository (the image runs an executable init script instead of sourcing it). */
    private static MountableFile script(Path repository, String path) {
        Path script = repository.resolve(path);
        if (!Files.isRegularFile(script)) {
            throw new IllegalStateException("missing " + script + ": the Testcontainers path uses compose's scripts");
        }
        return MountableFile.forHostPath(script, 0755);
    }

    private static String jdbcUrl(GenericContainer<?> container, String database) {
        return "jdbc:postgresql://" + container.getHost() + ":" + container.getMappedPort(POSTGRES_PORT) + "/"
                + database;
    }

    private static boolean queryBoolean(String url, String sql, String parameter) {
        try (Connection connection = DriverManager.getConnection(url, USER, PASSWORD);
                PreparedStatement statement = connection.prepareStatement(sql)) {
            if (parameter != null) {
                statement.setString(1, parameter);
            }
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() && rows.getBoolean(1);
            }
        } catch (SQLException e) {
            // Not up yet, or still replaying: the caller asks again.
            return false;
        }
    }

    private static String queryString(String url, String sql) {
        try (Connection connection = DriverManager.getConnection(url, USER, PASSWORD);
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getString(1);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + " failed on " + url + ": " + e.getMessage(), e);
        }
    }

    private static void awaitTrue(String what, BooleanSupplier condition) {
        awaitTrue(what, REPLICA_WAIT, condition);
    }

    private static void awaitTrue(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("gave up waiting for " + what + " after " + timeout);
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + what, e);
            }
        }
    }
}
