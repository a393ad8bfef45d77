package dev.patternshop.catalog;

import static dev.patternshop.catalog.CatalogClient.productJson;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.patternshop.infra.embedded.PostgresCluster;
import dev.patternshop.replication.LogPosition;
import dev.patternshop.replication.ReplicaMonitor;
import dev.patternshop.testsupport.EmbeddedInfrastructureOnly;
import dev.patternshop.testsupport.TestInfrastructure;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.jdbc.core.simple.JdbcClient;
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

    @Autowired
    JdbcClient primary;

    @Autowired
    @Qualifier("replicaHealthIndicator")
    HealthIndicator replicaHealthIndicator;

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
    @EmbeddedInfrastructureOnly("stops and restarts the replica's server process")
    void replicaStoppedReadsStillSucceedFromThePrimaryAndHealthSaysSo() {
        PostgresCluster cluster = TestInfrastructure.embedded().postgresCluster();
        cluster.stopReplica();
        try {
            for (int i = 0; i < 10; i++) {
                assertThat(catalog.get("/products?category=kitchen&page=" + i).statusCode())
                        .isEqualTo(200);
                assertThat(catalog.get("/products/search?q=lamp&page=" + i).statusCode())
                        .isEqualTo(200);
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> monitor.state() == ReplicaMonitor.State.DOWN);
            assertHealthUpWithReadsGoingTo("primary", ReplicaMonitor.State.DOWN);
        } finally {
            cluster.startReplica();
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> monitor.state() == ReplicaMonitor.State.USABLE);
        double before = reads("replica");
        assertThat(catalog.get("/products?category=kitchen").statusCode()).isEqualTo(200);
        assertThat(reads("replica"))
                .as("reads return to the replica once it is back")
                .isEqualTo(before + 1);
    }

    @Test
    void clientReadsItsOwnWriteEvenWhenTheReplicaHasNotReplayedIt() {
        TestInfrastructure.shared().pauseReplicaReplay();
        try {
            HttpResponse<String> created = catalog.post(
                    "/admin/products", productJson("Paused Replay Vase", 100).replace("test-fixtures", "replay-check"));
            String token = created.headers().firstValue("Consistency-Token").orElseThrow();

            String withToken = catalog.get("/products?category=replay-check", "Consistency-Token", token)
                    .body();
            String withoutToken = catalog.get("/products?category=replay-check").body();

            assertThat(withToken).as("with its token the writer sees its write").contains("Paused Replay Vase");
            assertThat(withoutToken)
                    .as("without it, the (paused) replica answers, a step behind")
                    .doesNotContain("Paused Replay Vase");
        } finally {
            TestInfrastructure.shared().resumeReplicaReplay();
        }
    }

    /** A token past the primary's log was not returned by any write: honouring it would send reads to the primary. */
    @ParameterizedTest(name = "{0} bytes past the primary")
    @ValueSource(longs = {1L << 30, Long.MAX_VALUE})
    void forgedTokenAheadOfThePrimaryIsRefusedAndReadsNothingFromThePrimary(long ahead) {
        long current = primaryPosition();
        String forged = Long.toString(ahead == Long.MAX_VALUE ? Long.MAX_VALUE : current + ahead);
        double primaryReads = reads("primary");

        List<HttpResponse<String>> responses = List.of(
                catalog.get("/products?category=toys", "Consistency-Token", forged),
                catalog.get("/products/search?q=lamp", "Consistency-Token", forged),
                catalog.get("/products/77", "Consistency-Token", forged));

        assertThat(responses).allSatisfy(response -> {
            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(json.readTree(response.body()).get("errors").has("Consistency-Token"))
                    .isTrue();
        });
        assertThat(reads("primary")).as("no read reached the primary").isEqualTo(primaryReads);
    }

    /** Another instance's write: its token is ahead of anything this instance has seen, yet genuine. */
    @Test
    void tokenOfAWriteThisInstanceNeverSawStillReadsThatWrite() {
        TestInfrastructure.shared().pauseReplicaReplay();
        try {
            primary.sql("""
                    insert into product (sku, name, category, price_minor, currency)
                    values ('OTHER-' || floor(random() * 1e9)::bigint, 'Other Instance Bowl', 'other-instance', 700, 'EUR')""").update();
            String token = Long.toString(primaryPosition());

            HttpResponse<String> read = catalog.get("/products?category=other-instance", "Consistency-Token", token);

            assertThat(read.statusCode()).isEqualTo(200);
            assertThat(read.body()).contains("Other Instance Bowl");
        } finally {
            TestInfrastructure.shared().resumeReplicaReplay();
        }
    }

    /**
     * A replica that stops answering without closing its connections (a frozen VM, a dropped network): every
     * process of the replica is stopped (SIGSTOP). Reads must still end, from the primary, and the routing must
     * learn that the replica is gone; nothing may wait for the operating system to give up on the connection.
     */
    @Test
    @EmbeddedInfrastructureOnly("freezes the replica's server processes (SIGSTOP by pid) and thaws them")
    void replicaThatStopsAnsweringHoldsUpNoReadAndIsRoutedAround() throws Exception {
        PostgresCluster cluster = TestInfrastructure.embedded().postgresCluster();
        long postmaster = cluster.replica().pid();
        List<Long> processes = Stream.concat(
                        Stream.of(postmaster),
                        ProcessHandle.of(postmaster).orElseThrow().descendants().map(ProcessHandle::pid))
                .toList();
        // Warm the replica pool, so that reads find connections that were fine a moment ago.
        assertThat(catalog.get("/products?category=garden").statusCode()).isEqualTo(200);
        try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            signal("STOP", processes);
            try {
                List<Future<Integer>> statuses = new ArrayList<>();
                for (int i = 0; i < 10; i++) {
                    int page = i;
                    statuses.add(clients.submit(() -> catalog.get("/products?category=garden&page=" + page)
                            .statusCode()));
                    statuses.add(clients.submit(() ->
                            catalog.get("/products/search?q=chair&page=" + page).statusCode()));
                }
                for (Future<Integer> status : statuses) {
                    // Not a speed check: the bound is far above every configured timeout, and only a read
                    // stuck on the frozen replica (until the OS gives up, hours) would reach it.
                    assertThat(status.get(60, TimeUnit.SECONDS)).isEqualTo(200);
                }
                await().atMost(Duration.ofSeconds(30)).until(() -> monitor.state() == ReplicaMonitor.State.DOWN);
                assertHealthUpWithReadsGoingTo("primary", ReplicaMonitor.State.DOWN);
            } finally {
                signal("CONT", processes);
            }
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> monitor.state() == ReplicaMonitor.State.USABLE);
        assertHealthUpWithReadsGoingTo("replica", ReplicaMonitor.State.USABLE);
    }

    private void assertHealthUpWithReadsGoingTo(String target, ReplicaMonitor.State state) {
        HttpResponse<String> health = catalog.get("/actuator/health");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(json.readTree(health.body()).get("status").asString()).isEqualTo("UP");
        // The endpoint hides details from anonymous callers; the indicator reports them.
        var replica = replicaHealthIndicator.health(true);
        assertThat(replica.getStatus().getCode()).isEqualTo("UP");
        assertThat(replica.getDetails()).containsEntry("readsGoTo", target).containsEntry("state", state);
    }

    private long primaryPosition() {
        return LogPosition.parse(primary.sql("select pg_current_wal_lsn()::text")
                .query(String.class)
                .single());
    }

    private static void signal(String signal, List<Long> processes) throws Exception {
        List<String> command = new ArrayList<>(List.of("kill", "-" + signal));
        processes.forEach(pid -> command.add(Long.toString(pid)));
        assertThat(new ProcessBuilder(command).inheritIO().start().waitFor()).isZero();
    }

    private double reads(String target) {
        var counter = meters.find("db.reads")
                .tag("database", "catalog")
                .tag("target", target)
                .counter();
        return counter == null ? 0 : counter.count();
    }
}
