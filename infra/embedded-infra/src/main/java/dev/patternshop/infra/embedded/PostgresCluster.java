package dev.patternshop.infra.embedded;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A PostgreSQL primary with an optional physical streaming replica, both real servers from the
 * Maven Central binaries.
 *
 * <p>The binaries have no {@code pg_basebackup}, so the replica is made the way a base backup is made by
 * hand: create a replication slot (so the primary keeps every WAL segment the replica has not yet
 * received), stop the primary cleanly, copy its data folder, mark the copy as a standby and point it at
 * the primary. The standby then streams and replays the primary's WAL from the slot.
 */
public final class PostgresCluster {

    private static final String BINARIES_RESOURCE = "postgres-linux-x86_64.txz";
    private static final Pattern DATABASE_NAME = Pattern.compile("[a-z][a-z0-9_]{0,62}");
    private static final Duration COPY_TIMEOUT = Duration.ofMinutes(5);

    private final String name;
    private final PostgresCredentials credentials;
    private final ServerUser user;
    private final boolean durable;
    private final PostgresServer primary;
    private final PostgresServer replica;
    private final String slotName;

    private PostgresCluster(
            String name, Path dataRoot, Path logDir, int primaryPort, int replicaPort, boolean durable) {
        this.name = name;
        this.credentials = PostgresCredentials.LOCAL;
        this.user = ServerUser.unprivileged();
        this.durable = durable;
        this.slotName = (name + "_replica").replace('-', '_');
        dataRoot = user.reachable(dataRoot);
        Path binaries = BundledBinaries.inTempDir().unpackTarXz(BINARIES_RESOURCE, "postgres");
        this.primary = new PostgresServer(
                name + "-primary",
                binaries,
                dataRoot.resolve(name + "-primary"),
                logDir.resolve(name + "-primary.log"),
                primaryPort,
                credentials,
                user);
        this.replica = replicaPort <= 0
                ? null
                : new PostgresServer(
                        name + "-replica",
                        binaries,
                        dataRoot.resolve(name + "-replica"),
                        logDir.resolve(name + "-replica.log"),
                        replicaPort,
                        credentials,
                        user);
        try {
            Files.createDirectories(dataRoot);
            Files.createDirectories(logDir);
        } catch (IOException e) {
            throw new InfrastructureException("could not create " + dataRoot + ": " + e.getMessage(), e);
        }
        // Only the folders themselves: other clusters may already be running in them.
        user.ownOnly(dataRoot);
        user.ownOnly(logDir);
    }

    /** A durable cluster whose data survives restarts (the local runtime). */
    public static PostgresCluster durable(String name, Path dataRoot, Path logDir, int primaryPort, int replicaPort) {
        return new PostgresCluster(name, dataRoot, logDir, primaryPort, replicaPort, true);
    }

    /** A throw-away cluster for tests: fsync off, fresh folder. Pass 0 as replica port for none. */
    public static PostgresCluster ephemeral(String name, Path dataRoot, int primaryPort, int replicaPort) {
        return new PostgresCluster(name, dataRoot, dataRoot.resolve("logs"), primaryPort, replicaPort, false);
    }

    /** Initializes on first use, then starts the primary and (if there is one) the replica. */
    public PostgresCluster start() {
        if (!primary.isInitialized()) {
            primary.initdb(durable);
        }
        primary.start(Map.of());
        if (replica != null) {
            if (!replica.isInitialized()) {
                cloneReplicaFromPrimary();
            }
            startReplica();
        }
        return this;
    }

    public void stop() {
        if (replica != null) {
            replica.stop();
        }
        primary.stop();
    }

    public void startReplica() {
        requireReplica();
        replica.start(Map.of(
                "primary_conninfo",
                "host=" + Ports.LOOPBACK + " port=" + primary.port() + " user=" + credentials.username() + " password="
                        + credentials.password() + " application_name=" + replica.name(),
                "primary_slot_name",
                slotName));
    }

    public void stopReplica() {
        requireReplica();
        replica.stop();
    }

    public void startPrimary() {
        primary.start(Map.of());
    }

    public void stopPrimary() {
        primary.stop();
    }

    /** Creates a database on the primary unless it exists; the replica receives it through WAL. */
    public void createDatabase(String database) {
        if (!DATABASE_NAME.matcher(database).matches()) {
            throw new IllegalArgumentException("not a plain database name: " + database);
        }
        try (Connection connection = primary.connect("postgres");
                PreparedStatement exists = connection.prepareStatement("select 1 from pg_database where datname = ?")) {
            exists.setString(1, database);
            try (ResultSet rows = exists.executeQuery()) {
                if (rows.next()) {
                    return;
                }
            }
            try (Statement create = connection.createStatement()) {
                create.execute("create database " + database);
            }
        } catch (SQLException e) {
            throw new InfrastructureException(
                    "could not create database " + database + " on " + primary.name() + ": " + e.getMessage(), e);
        }
    }

    /** Waits until the replica has replayed everything the primary has written so far. */
    public void awaitReplicaCaughtUp(Duration timeout) {
        requireReplica();
        // The insert position covers every record written so far, flushed or not.
        String target = queryString(primary, "select pg_current_wal_insert_lsn()::text");
        Await.until(
                replica.name() + " replaying up to " + target,
                timeout,
                () -> replayedPast(target),
                () -> "replica log: " + replica.log());
    }

    private boolean replayedPast(String lsn) {
        try (Connection connection = replica.connect("postgres");
                PreparedStatement statement =
                        connection.prepareStatement("select pg_last_wal_replay_lsn() >= ?::pg_lsn")) {
            statement.setString(1, lsn);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() && rows.getBoolean(1);
            }
        } catch (SQLException e) {
            return false;
        }
    }

    private void cloneReplicaFromPrimary() {
        execute(
                primary,
                "select pg_create_physical_replication_slot('" + slotName + "') "
                        + "where not exists (select 1 from pg_replication_slots where slot_name = '" + slotName + "')");
        primary.stop();
        // Copy as the server user so the copy keeps the owner and the 0700 mode Postgres insists on.
        ManagedProcess.run(
                "copy " + primary.dataDir() + " to " + replica.dataDir(),
                user.command(List.of(
                        "cp",
                        "-a",
                        primary.dataDir().toString(),
                        replica.dataDir().toString())),
                Path.of("/"),
                COPY_TIMEOUT);
        try {
            for (String leftover : List.of("postmaster.pid", "postmaster.opts", PostgresServer.SETTINGS_FILE)) {
                Files.deleteIfExists(replica.dataDir().resolve(leftover));
            }
            // The slot belongs to the primary; a standby carrying a copy of it would pin WAL for nothing.
            try (var slots = Files.list(replica.dataDir().resolve("pg_replslot"))) {
                for (Path slot : slots.toList()) {
                    FileTrees.delete(slot);
                }
            }
            Files.createFile(replica.dataDir().resolve("standby.signal"));
        } catch (IOException e) {
            throw new InfrastructureException("could not turn the copy into a standby: " + e.getMessage(), e);
        }
        user.own(replica.dataDir());
        primary.start(Map.of());
    }

    private void execute(PostgresServer server, String sql) {
        try (Connection connection = server.connect("postgres");
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new InfrastructureException(server.name() + ": " + sql + " failed: " + e.getMessage(), e);
        }
    }

    private String queryString(PostgresServer server, String sql) {
        try (Connection connection = server.connect("postgres");
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getString(1);
        } catch (SQLException e) {
            throw new InfrastructureException(server.name() + ": " + sql + " failed: " + e.getMessage(), e);
        }
    }

    private void requireReplica() {
        if (replica == null) {
            throw new IllegalStateException(name + " was created without a replica");
        }
    }

    public String name() {
        return name;
    }

    public PostgresCredentials credentials() {
        return credentials;
    }

    public PostgresServer primary() {
        return primary;
    }

    public PostgresServer replica() {
        requireReplica();
        return replica;
    }

    public boolean hasReplica() {
        return replica != null;
    }
}
