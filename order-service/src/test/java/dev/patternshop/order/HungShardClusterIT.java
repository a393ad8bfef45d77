package dev.patternshop.order;

import static dev.patternshop.order.OrderApi.items;
import static dev.patternshop.order.OrderApi.key;
import static org.assertj.core.api.Assertions.assertThat;

import dev.patternshop.infra.embedded.ManagedProcess;
import dev.patternshop.infra.embedded.PostgresCluster;
import dev.patternshop.order.sharding.ShardClusters;
import dev.patternshop.order.sharding.ShardingSettings;
import dev.patternshop.testsupport.EmbeddedInfrastructureOnly;
import dev.patternshop.testsupport.RealInfrastructure;
import dev.patternshop.testsupport.TestInfrastructure;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Shard isolation when a cluster's primary HANGS (every one of its processes SIGSTOPped: connections stay open,
 * nothing answers; worse than a crash, which refuses connections at once). orders-b gets a Postgres cluster of its
 * own here, so only it hangs: its customers get this service's own 503 with Retry-After before the edge's time
 * limit, while orders-a's customers are served as usual at the same time.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "orders.sharding.replica.check-interval=200ms")
@RealInfrastructure(
        databases = {"orders_a", "orders_b"},
        kafka = true)
@EmbeddedInfrastructureOnly("freezes a Postgres primary's server processes (SIGSTOP by pid) on a cluster of its own")
class HungShardClusterIT {

    /** The gateway's time limit on the orders route: a service that answers later is cut off by the edge's 503. */
    private static final Duration EDGE_TIME_LIMIT = Duration.ofSeconds(3);
    /**
     * How long the test waits for an answer: a bound on a hang (before, a hung primary held requests for good),
     * not a measurement; how soon the service answers is its configuration, checked against the edge's limit.
     */
    private static final Duration ANSWER_WITHIN = Duration.ofSeconds(60);

    private static final int HEALTHY_REQUESTS = 3;
    private static PostgresCluster ordersB;

    @Value("${local.server.port}")
    int port;

    @Autowired
    ShardClusters clusters;

    @Autowired
    ShardingSettings sharding;

    @DynamicPropertySource
    static void ownClusterForOrdersB(DynamicPropertyRegistry registry) {
        ordersB = TestInfrastructure.embedded().separatePostgresCluster("hung-orders-b");
        ordersB.createDatabase("orders_b");
        registry.add(
                "orders.sharding.clusters.orders-b.url", () -> ordersB.primary().jdbcUrl("orders_b"));
        registry.add(
                "orders.sharding.clusters.orders-b.replica-url",
                () -> ordersB.replica().jdbcUrl("orders_b"));
        registry.add(
                "orders.sharding.clusters.orders-b.username",
                () -> ordersB.credentials().username());
        registry.add(
                "orders.sharding.clusters.orders-b.password",
                () -> ordersB.credentials().password());
        registry.add(
                "spring.cloud.discovery.client.simple.instances.catalog-service[0].uri",
                () -> CatalogProcess.shared().url());
    }

    @AfterAll
    static void stopOwnCluster() {
        if (ordersB != null) {
            ordersB.stop();
        }
    }

    @Test
    void whileOneClustersPrimaryHangsItsCustomersGetA503InTimeAndTheOtherClustersCustomersAreServed() {
        OrderApi api = new OrderApi(port);
        String healthy = customerOn("orders-a");
        String stuck = customerOn("orders-b");
        assertThat(api.place(healthy, key(), items(5, 1)).statusCode()).isEqualTo(202);
        assertThat(api.place(stuck, key(), items(5, 1)).statusCode()).isEqualTo(202);

        List<Long> pids = new ArrayList<>();
        try {
            stopAll(ordersB.primary().pid(), pids);
            CompletableFuture<HttpResponse<String>> hung =
                    CompletableFuture.supplyAsync(() -> api.place(stuck, key(), items(6, 1), ANSWER_WITHIN));
            List<Integer> served = new ArrayList<>();
            for (int i = 0; i < HEALTHY_REQUESTS; i++) {
                served.add(api.place(healthy, key(), items(7, 1), ANSWER_WITHIN).statusCode());
                served.add(api.getAsCustomer(healthy, "/orders").statusCode());
            }
            HttpResponse<String> refused = hung.join();

            assertThat(served).as("orders-a's customer while orders-b hangs").containsOnly(202, 200);
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
            assertThat(refused.headers().firstValue("Retry-After")).isPresent();
            assertThat(OrderApi.json(refused).get("type").asString())
                    .as("the service's own answer, with its reason")
                    .isIn(
                            "https://patternshop.dev/problems/database-unavailable",
                            "https://patternshop.dev/problems/shard-unavailable");
            // ...and it comes before the edge gives up: the service's own deadlines are shorter than the edge's.
            assertThat(sharding.pool().socketTimeout()).isLessThan(EDGE_TIME_LIMIT);
            assertThat(sharding.pool().connectionTimeout()).isLessThan(EDGE_TIME_LIMIT);
        } finally {
            signal("CONT", pids);
        }
    }

    private String customerOn(String cluster) {
        Predicate<String> onCluster =
                customer -> clusters.directory().clusterOfCustomer(customer).equals(cluster);
        return Stream.generate(OrderApi::newCustomer)
                .filter(onCluster)
                .findFirst()
                .orElseThrow();
    }

    /**
     * Stops the postmaster first (a stopped postmaster starts no new backends), then everything it started
     * (backends, WAL writer, WAL sender, ...) until no process is left running; collects the pids for SIGCONT.
     */
    private static void stopAll(long postmaster, List<Long> stopped) {
        ProcessHandle root = ProcessHandle.of(postmaster).orElseThrow(() -> new IllegalStateException("no postmaster"));
        signal("STOP", List.of(root.pid()));
        stopped.add(root.pid());
        List<Long> more;
        while (!(more = root.descendants()
                        .map(ProcessHandle::pid)
                        .filter(pid -> !stopped.contains(pid))
                        .toList())
                .isEmpty()) {
            signal("STOP", more);
            stopped.addAll(more);
        }
    }

    private static void signal(String signal, List<Long> pids) {
        if (pids.isEmpty()) {
            return;
        }
        List<String> command = new ArrayList<>(List.of("kill", "-s", signal));
        pids.forEach(pid -> command.add(Long.toString(pid)));
        ManagedProcess.run("kill -s " + signal, command, Path.of("/"), Duration.ofSeconds(10));
    }
}
