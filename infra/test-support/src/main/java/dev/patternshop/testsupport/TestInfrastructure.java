package dev.patternshop.testsupport;

import java.time.Duration;
import java.util.Locale;

/**
 * The real servers integration tests run against, one set per test JVM.
 *
 * <p>Two implementations: {@link EmbeddedTestInfrastructure} (default: real server processes from
 * Maven Central artifacts, no Docker) and {@link ContainerTestInfrastructure} (Testcontainers; chosen with
 * the system property {@value #MODE_PROPERTY} or the environment variable {@value #MODE_VARIABLE} set to
 * {@code testcontainers}, on a machine with a Docker engine).
 */
public sealed interface TestInfrastructure permits EmbeddedTestInfrastructure, ContainerTestInfrastructure {

    String MODE_PROPERTY = "patternshop.test.infrastructure";
    String MODE_VARIABLE = "PATTERNSHOP_TEST_INFRASTRUCTURE";

    /** The primary's and the replica's JDBC URLs for a database, created if missing. */
    PostgresEndpoints postgres(String database);

    RedisEndpoint redis();

    String kafkaBootstrapServers();

    /** Waits until the shared replica has replayed everything written on the primary so far. */
    void awaitReplicaCaughtUp(Duration timeout);

    /**
     * Pauses WAL replay on the shared replica ({@code pg_wal_replay_pause()}): it keeps answering, a step
     * behind the primary, until {@link #resumeReplicaReplay()}. Plain SQL, so it works on both paths.
     */
    void pauseReplicaReplay();

    void resumeReplicaReplay();

    /** The shared instance for this JVM, chosen once from the mode setting. */
    static TestInfrastructure shared() {
        return Holder.INSTANCE;
    }

    /**
     * The embedded implementation, for tests that stop and start servers; fails under Testcontainers. Such
     * a test (or the class) carries {@link EmbeddedInfrastructureOnly}, which skips it there instead.
     */
    static EmbeddedTestInfrastructure embedded() {
        if (shared() instanceof EmbeddedTestInfrastructure embedded) {
            return embedded;
        }
        throw new IllegalStateException("this test controls server processes and needs the embedded infrastructure;"
                + " mark it @EmbeddedInfrastructureOnly so that it is skipped under Testcontainers");
    }

    static boolean isEmbedded() {
        return mode() == Mode.EMBEDDED;
    }

    /** The configured mode, read without starting anything (JUnit conditions ask before any server exists). */
    static Mode mode() {
        String mode = System.getProperty(MODE_PROPERTY, System.getenv().getOrDefault(MODE_VARIABLE, "embedded"));
        return switch (mode.toLowerCase(Locale.ROOT)) {
            case "embedded" -> Mode.EMBEDDED;
            case "testcontainers" -> Mode.TESTCONTAINERS;
            default ->
                throw new IllegalArgumentException(
                        MODE_VARIABLE + " must be 'embedded' or 'testcontainers', not '" + mode + "'");
        };
    }

    enum Mode {
        EMBEDDED,
        TESTCONTAINERS
    }

    record PostgresEndpoints(String primaryUrl, String replicaUrl, String username, String password) {}

    record RedisEndpoint(String host, int port) {}

    final class Holder {
        private static final TestInfrastructure INSTANCE = create();

        private Holder() {}

        private static TestInfrastructure create() {
            return switch (mode()) {
                case EMBEDDED -> new EmbeddedTestInfrastructure();
                case TESTCONTAINERS -> new ContainerTestInfrastructure();
            };
        }
    }
}
