package dev.patternshop.infra.embedded;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * One PostgreSQL server (a primary or a standby): its data folder, its port, its process.
 * Settings that change between runs (port, standby connection) live in {@code patternshop.conf},
 * rewritten at every start; the data folder itself never needs editing.
 */
public final class PostgresServer {

    static final String SETTINGS_FILE = "patternshop.conf";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final String SHARED_MEMORY_STILL_IN_USE = "pre-existing shared memory block";
    private static final Duration STALE_BACKENDS_WAIT = Duration.ofMillis(500);
    private static final Duration STOP_GRACE = Duration.ofSeconds(30);
    private static final Duration COMMAND_TIMEOUT = Duration.ofMinutes(2);

    private final String name;
    private final Path binaries;
    private final Path dataDir;
    private final Path log;
    private final int port;
    private final PostgresCredentials credentials;
    private final ServerUser user;
    private volatile ManagedProcess process;

    PostgresServer(
            String name,
            Path binaries,
            Path dataDir,
            Path log,
            int port,
            PostgresCredentials credentials,
            ServerUser user) {
        this.name = name;
        this.binaries = binaries;
        this.dataDir = dataDir;
        this.log = log;
        this.port = port;
        this.credentials = credentials;
        this.user = user;
    }

    boolean isInitialized() {
        return Files.exists(dataDir.resolve("PG_VERSION"));
    }

    /** Creates the data folder with our superuser, password authentication over TCP, and tuning for a laptop. */
    void initdb(boolean durable) {
        Path passwordFile = dataDir.resolveSibling("." + name + ".pw");
        try {
            Files.writeString(passwordFile, credentials.password());
            user.ownOnly(passwordFile);
            ManagedProcess.run(
                    "initdb for " + name,
                    user.command(List.of(
                            binaries.resolve("bin/initdb").toString(),
                            "-D",
                            dataDir.toString(),
                            "-U",
                            credentials.username(),
                            "--pwfile=" + passwordFile,
                            "--auth-local=trust",
                            "--auth-host=scram-sha-256",
                            "-E",
                            "UTF8",
                            "--locale=C",
                            "--no-instructions")),
                    dataDir.getParent(),
                    COMMAND_TIMEOUT);
            List<String> settings = new ArrayList<>(List.of(
                    "",
                    "# Patternshop: small footprint, streaming replication ready.",
                    "shared_buffers = 32MB",
                    "max_connections = 200",
                    "wal_level = replica",
                    "max_wal_senders = 8",
                    "max_replication_slots = 8",
                    "hot_standby = on",
                    "hot_standby_feedback = on",
                    "wal_keep_size = 64MB",
                    "log_line_prefix = '%m [%p] %q%u@%d '",
                    "include_if_exists = '" + SETTINGS_FILE + "'"));
            if (!durable) {
                // Test clusters live for one JVM: crash safety only costs time there. Commits still wait for
                // their WAL write (synchronous_commit stays on), so LSN-based read-your-writes behaves as in
                // production.
                settings.addAll(List.of("fsync = off", "full_page_writes = off"));
            }
            Files.write(
                    dataDir.resolve("postgresql.conf"),
                    settings,
                    StandardCharsets.UTF_8,
                    java.nio.file.StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new InfrastructureException(
                    "could not prepare " + name + " in " + dataDir + ": " + e.getMessage(), e);
        } finally {
            try {
                Files.deleteIfExists(passwordFile);
            } catch (IOException ignored) {
                // A leftover password file for a local demo cluster is harmless.
            }
        }
    }

    void start(Map<String, String> extraSettings) {
        if (isRunning()) {
            return;
        }
        refuseStaleServer();
        Ports.requireFree(port, name);
        List<String> settings = new ArrayList<>(List.of(
                "port = " + port, "listen_addresses = '" + Ports.LOOPBACK + "'", "unix_socket_directories = ''"));
        extraSettings.forEach((key, value) -> settings.add(key + " = '" + value.replace("'", "''") + "'"));
        try {
            Files.write(dataDir.resolve(SETTINGS_FILE), settings, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new InfrastructureException("could not write settings of " + name + ": " + e.getMessage(), e);
        }
        user.ownOnly(dataDir.resolve(SETTINGS_FILE));
        long giveUp = System.nanoTime() + START_TIMEOUT.toNanos();
        while (true) {
            process = ManagedProcess.start(
                    name,
                    user.command(List.of(binaries.resolve("bin/postgres").toString(), "-D", dataDir.toString())),
                    dataDir.getParent(),
                    log,
                    Map.of());
            Await.until(
                    name + " accepting connections on port " + port,
                    START_TIMEOUT,
                    () -> exited() || canConnect(),
                    process::toString);
            if (!exited()) {
                return;
            }
            String lastLines = process.logTail(20);
            // Right after a server was killed (SIGKILL), its backends live on for a moment and still hold its
            // shared memory; Postgres refuses to start until they are gone. Anything else is a real failure.
            if (!lastLines.contains(SHARED_MEMORY_STILL_IN_USE) || System.nanoTime() > giveUp) {
                throw new InfrastructureException(
                        name + " exited on start; last log lines:" + System.lineSeparator() + lastLines);
            }
            Await.pause(STALE_BACKENDS_WAIT);
        }
    }

    /** Fast shutdown (SIGINT): open transactions are rolled back, the server checkpoints and exits. */
    void stop() {
        ManagedProcess running = process;
        if (running == null || !running.isAlive()) {
            return;
        }
        ManagedProcess.run(
                "stop " + name,
                List.of("kill", "-s", "INT", Long.toString(running.pid())),
                Path.of("/"),
                Duration.ofSeconds(5));
        running.awaitExit(STOP_GRACE);
        process = null;
    }

    /** Simulates a crash: the server gets no chance to shut down cleanly. */
    void kill() {
        ManagedProcess running = process;
        if (running != null) {
            running.stop(Duration.ZERO);
            process = null;
        }
    }

    public boolean isRunning() {
        ManagedProcess running = process;
        return running != null && running.isAlive();
    }

    private boolean exited() {
        return !process.isAlive();
    }

    public int port() {
        return port;
    }

    public String name() {
        return name;
    }

    public Path dataDir() {
        return dataDir;
    }

    public Path log() {
        return log;
    }

    public long pid() {
        ManagedProcess running = process;
        return running == null ? -1 : running.pid();
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + Ports.LOOPBACK + ":" + port + "/" + database;
    }

    public Connection connect(String database) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", credentials.username());
        properties.setProperty("password", credentials.password());
        properties.setProperty("connectTimeout", "2");
        properties.setProperty("ApplicationName", "patternshop-embedded-infra");
        return DriverManager.getConnection(jdbcUrl(database), properties);
    }

    private boolean canConnect() {
        try (Connection ignored = connect("postgres")) {
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    private void refuseStaleServer() {
        Path pidFile = dataDir.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        try {
            long pid = Long.parseLong(Files.readAllLines(pidFile).getFirst().strip());
            if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                throw new InfrastructureException(name + " is already running outside this process (pid " + pid
                        + ", data " + dataDir + "); stop it first");
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof InfrastructureException infrastructure) {
                throw infrastructure;
            }
            // An unreadable pid file from a crash: Postgres itself decides whether it is stale.
        }
    }
}
