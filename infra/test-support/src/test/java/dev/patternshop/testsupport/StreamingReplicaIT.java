package dev.patternshop.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patternshop.infra.embedded.PostgresCluster;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A stopped replica misses nothing: on restart it streams what the primary wrote meanwhile from its slot. */
@EmbeddedInfrastructureOnly("stops the replica's server process while the primary writes, then restarts it")
class StreamingReplicaIT {

    @Test
    void replicaStoppedWhileThePrimaryWritesCatchesUpAfterRestart() throws Exception {
        PostgresCluster cluster = TestInfrastructure.embedded().postgresCluster();
        TestInfrastructure.shared().postgres("catch_up_it");
        execute(cluster, "create table if not exists catch_up (n int)");

        cluster.stopReplica();
        try {
            execute(cluster, "insert into catch_up select generate_series(1, 1000)");
        } finally {
            cluster.startReplica();
        }
        cluster.awaitReplicaCaughtUp(Duration.ofSeconds(30));

        try (Connection connection = cluster.replica().connect("catch_up_it");
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("select count(*) from catch_up")) {
            rows.next();
            assertThat(rows.getLong(1)).isEqualTo(1000);
        }
    }

    private static void execute(PostgresCluster cluster, String sql) throws Exception {
        try (Connection connection = cluster.primary().connect("catch_up_it");
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
