package dev.patternshop.catalog;

import static dev.patternshop.catalog.CatalogClient.productJson;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import dev.patternshop.catalog.replication.PrimarySettings;
import dev.patternshop.catalog.replication.ReplicaSettings;
import dev.patternshop.infra.embedded.PostgresCluster;
import dev.patternshop.replication.ReadRouting;
import dev.patternshop.replication.ReplicaMonitor;
import dev.patternshop.testsupport.EmbeddedInfrastructureOnly;
import dev.patternshop.testsupport.TestInfrastructure;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import tools.jackson.databind.json.JsonMapper;

/** A database stopped: what needs it is a 503 the client may retry, never a 500; what does not, still works. */
@CatalogIntegrationTest
class DatabaseOutageIT {

    @Value("${local.server.port}")
    int port;

    @Autowired
    ReplicaMonitor monitor;

    @Autowired
    JsonMapper json;

    @Autowired
    DataSource primaryPool;

    @Autowired
    ReadRouting routing;

    @Autowired
    PrimarySettings primarySettings;

    @Autowired
    ReplicaSettings replicaSettings;

    /** The limits the outage tests rely on are really on the connections: the server's and the driver's. */
    @Test
    void bothPoolsBoundEveryCallWithTheirConfiguredTimeouts() throws Exception {
        await().atMost(Duration.ofSeconds(30)).until(() -> monitor.state() == ReplicaMonitor.State.USABLE);
        String statementTimeout =
                "select (extract(epoch from current_setting('statement_timeout')::interval) * 1000)::bigint"
                        + " || ' ' || pg_is_in_recovery()";

        String onPrimary = routing.readFromPrimary(
                db -> db.sql(statementTimeout).query(String.class).single());
        String onReplica = routing.read(
                0, db -> db.sql(statementTimeout).query(String.class).single());

        assertThat(onPrimary).isEqualTo(primarySettings.statementTimeout().toMillis() + " false");
        assertThat(onReplica).isEqualTo(replicaSettings.statementTimeout().toMillis() + " true");
        HikariDataSource primary = primaryPool.unwrap(HikariDataSource.class);
        assertThat(primary.getConnectionTimeout())
                .isEqualTo(primarySettings.connectTimeout().toMillis());
        assertThat(primary.getDataSourceProperties())
                .containsEntry(
                        "socketTimeout",
                        Long.toString(primarySettings.socketTimeout().toSeconds()));
    }

    @Test
    @EmbeddedInfrastructureOnly("stops and restarts the primary's server process")
    void primaryDownWritesAreServiceUnavailableWithRetryAfterWhileReplicaReadsGoOn() {
        CatalogClient catalog = new CatalogClient(port);
        await().atMost(Duration.ofSeconds(30)).until(() -> monitor.state() == ReplicaMonitor.State.USABLE);
        HttpResponse<String> existing = catalog.post("/admin/products", productJson("Outage Lamp", 900));
        long id = json.readTree(existing.body()).get("id").asLong();
        String sku = json.readTree(existing.body()).get("sku").asString();
        PostgresCluster cluster = TestInfrastructure.embedded().postgresCluster();
        cluster.stopPrimary();
        try {
            List<HttpResponse<String>> writes = List.of(
                    catalog.post("/admin/products", productJson("During Outage", 100)),
                    catalog.put("/admin/products/" + id, productJson(sku, "Outage Lamp 2", 900, 0L)),
                    catalog.delete("/admin/products/" + id + "?version=0"));

            assertThat(writes).allSatisfy(response -> {
                assertThat(response.statusCode()).as(response.body()).isEqualTo(503);
                assertThat(response.headers().firstValue("Retry-After"))
                        .hasValueSatisfying(
                                seconds -> assertThat(Long.parseLong(seconds)).isPositive());
                assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
                assertThat(json.readTree(response.body()).get("type").asString())
                        .endsWith("/database-unavailable");
            });
            assertThat(catalog.get("/products?category=toys").statusCode())
                    .as("the replica still serves")
                    .isEqualTo(200);
            // A token ahead of everything: with the primary gone it cannot be checked, and nothing could serve it.
            HttpResponse<String> future =
                    catalog.get("/products?category=toys", "Consistency-Token", Long.toString(Long.MAX_VALUE));
            assertThat(future.statusCode()).as(future.body()).isEqualTo(400);
            HttpResponse<String> health = catalog.get("/actuator/health");
            assertThat(health.statusCode()).isEqualTo(503);
            assertThat(json.readTree(health.body()).get("status").asString()).isEqualTo("DOWN");
        } finally {
            cluster.startPrimary();
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> monitor.state() == ReplicaMonitor.State.USABLE);
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(
                                json.readTree(catalog.get("/actuator/health").body())
                                        .get("status")
                                        .asString())
                        .isEqualTo("UP"));
        assertThat(json.readTree(catalog.get("/products/" + id).body())
                        .get("name")
                        .asString())
                .as("nothing was written during the outage")
                .isEqualTo("Outage Lamp");
    }

    @Test
    @EmbeddedInfrastructureOnly("stops and restarts both Postgres server processes")
    void bothDatabasesDownReadsAreServiceUnavailableWithRetryAfter() {
        CatalogClient catalog = new CatalogClient(port);
        await().atMost(Duration.ofSeconds(30)).until(() -> monitor.state() == ReplicaMonitor.State.USABLE);
        PostgresCluster cluster = TestInfrastructure.embedded().postgresCluster();
        cluster.stopReplica();
        cluster.stopPrimary();
        try {
            List<HttpResponse<String>> reads = List.of(
                    catalog.get("/products?category=garden"),
                    catalog.get("/products/search?q=walnut"),
                    // An id no test caches: the read must reach the database.
                    catalog.get("/products/" + (9_000 + System.nanoTime() % 900)));

            assertThat(reads).allSatisfy(response -> {
                assertThat(response.statusCode()).as(response.body()).isEqualTo(503);
                assertThat(response.headers().firstValue("Retry-After")).isPresent();
                assertThat(json.readTree(response.body()).get("type").asString())
                        .endsWith("/database-unavailable");
            });
        } finally {
            cluster.startPrimary();
            cluster.startReplica();
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> monitor.state() == ReplicaMonitor.State.USABLE);
        assertThat(catalog.get("/products?category=garden").statusCode()).isEqualTo(200);
    }
}
