package dev.patternshop.catalog;

import static dev.patternshop.catalog.CatalogClient.productJson;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.patternshop.replication.ReplicaMonitor;
import dev.patternshop.infra.embedded.PostgresCluster;
import dev.patternshop.testsupport.TestInfrastructure;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.databind.json.JsonMapper;

/** Reads go to the streaming replica, fall back to the primary without failing, and honour read-your-writes. */
@CatalogIntegrationTest
class ReadReplicaIT {

    @Value("${local.server.port}")
    int port;

    @Autowired
    ReplicaMonitor monitor;

    @Autowired
    MeterRegistry meters;

    @Autowired
    JsonMapper json;

    CatalogClient catalog;

    @BeforeEach
    void client() {
        catalog = new CatalogClient(port);
        await().atMost(Duration.ofSeconds(30)).until(() -> monitor.state() == ReplicaMonitor.State.USABLE);
    }

    @Test
    void readsAreServedByTheReplicaWhileItIsCaughtUp() {
        double before = reads("replica");

        assertThat(catalog.get("/products?category=toys").statusCode()).isEqualTo(200);

        assertThat(reads("replica")).isEqualTo(before + 1);
    }

    @Test
    void replicaStoppedReadsStillSucceedFromThePrimaryAndHealthSaysSo() {
        PostgresCluster cluster = TestInfrastructure.embedded().postgresCluster();
        cluster.stopReplica();
        try {
            for (int i = 0; i < 10; i++) {
                assertThat(catalog.get("/products?category=kitchen&page=" + i).statusCode()).isEqualTo(200);
                assertThat(catalog.get("/products/search?q=lamp&page=" + i).statusCode()).isEqualTo(200);
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> monitor.state() == ReplicaMonitor.State.DOWN);
            assertThat(catalog.get("/actuator/health").statusCode()).isEqualTo(200);
        } finally {
            cluster.startReplica();
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> monitor.state() == ReplicaMonitor.State.USABLE);
        double before = reads("replica");
        assertThat(catalog.get("/products?category=kitchen").statusCode()).isEqualTo(200);
        assertThat(reads("replica")).as("reads return to the replica once it is back").isEqualTo(before + 1);
    }

    @Test
    void clientReadsItsOwnWriteEvenWhenTheReplicaHasNotReplayedIt() throws Exception {
        PostgresCluster cluster = TestInfrastructure.embedded().postgresCluster();
        replay(cluster, "pg_wal_replay_pause()");
        try {
            HttpResponse<String> created = catalog.post("/admin/products", productJson("Paused Replay Vase", 100)
                    .replace("test-fixtures", "replay-check"));
            String token = created.headers().firstValue("Consistency-Token").orElseThrow();

            String withToken = catalog.get("/products?category=replay-check", "Consistency-Token", token).body();
            String withoutToken = catalog.get("/products?category=replay-check").body();

            assertThat(withToken).as("with its token the writer sees its write").contains("Paused Replay Vase");
            assertThat(withoutToken).as("without it, the (paused) replica answers, a step behind")
                    .doesNotContain("Paused Replay Vase");
        } finally {
            replay(cluster, "pg_wal_replay_resume()");
        }
    }

    private static void replay(PostgresCluster cluster, String function) throws Exception {
        try (Connection connection = cluster.replica().connect("postgres");
             Statement statement = connection.createStatement()) {
            statement.execute("select " + function);
        }
    }

    private double reads(String target) {
        var counter = meters.find("db.reads").tag("database", "catalog").tag("target", target).counter();
        return counter == null ? 0 : counter.count();
    }
}
