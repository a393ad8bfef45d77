package dev.patternshop.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import dev.patternshop.events.Envelope;
import dev.patternshop.testsupport.TestInfrastructure;
import dev.patternshop.testsupport.kafka.TopicReader;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Leadership on a lease, with a real frozen process: a relay in a child JVM leads, is stopped with SIGSTOP (its
 * kernel still answers TCP keepalives, so only a lease can end its leadership), the relay in this JVM takes over
 * and publishes; the child, woken with SIGCONT, finds its lease gone and steps down without sending.
 */
class OutboxLeaseIT {

    static final Duration LEASE = Duration.ofSeconds(2);
    static HikariDataSource dataSource;
    static TestInfrastructure.PostgresEndpoints postgres;
    static String bootstrapServers;

    final List<String> childOutput = new CopyOnWriteArrayList<>();
    final List<OutboxRelay> relays = new ArrayList<>();
    Process child;
    JdbcClient database;
    String topic;

    @BeforeAll
    static void database() {
        postgres = TestInfrastructure.shared().postgres("outbox");
        dataSource = new HikariDataSource();
        dataSource.setJdbcUrl(postgres.primaryUrl());
        dataSource.setUsername(postgres.username());
        dataSource.setPassword(postgres.password());
        dataSource.setMaximumPoolSize(6);
        Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/outbox")
                .load()
                .migrate();
        bootstrapServers = TestInfrastructure.shared().kafkaBootstrapServers();
    }

    @AfterAll
    static void closeDatabase() {
        dataSource.close();
    }

    @BeforeEach
    void freshTopicAndTable() throws Exception {
        database = JdbcClient.create(dataSource);
        database.sql("truncate outbox").update();
        topic = "outbox-lease-it-" + UUID.randomUUID();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            admin.createTopics(List.of(new NewTopic(topic, 3, (short) 1))).all().get();
        }
    }

    @AfterEach
    void killChildAndStopRelays() throws Exception {
        if (child != null) {
            signal("KILL");
            child.destroyForcibly();
            child.waitFor();
        }
        relays.forEach(OutboxRelay::close);
    }

    @Test
    void aFrozenLeaderLosesItsLeaseTheFollowerTakesOverAndTheWokenLeaderStepsDownWithoutSending() throws Exception {
        child = startChildRelay();
        await().atMost(Duration.ofSeconds(60)).until(this::childLeads);
        OutboxRelay follower = new OutboxRelay(
                "it",
                dataSource,
                OutboxProducers.factory(bootstrapServers, "outbox-follower"),
                OutboxRelayProcess.settings(Long.toString(LEASE.toMillis())),
                new SimpleMeterRegistry());
        relays.add(follower);
        follower.start();
        append("before-freeze");
        await().atMost(Duration.ofSeconds(20)).until(() -> childPublished() == 1);
        assertThat(follower.isLeader()).isFalse();

        long frozenAt = System.nanoTime();
        signal("STOP");
        append("while-frozen");

        await().atMost(Duration.ofSeconds(30)).until(follower::isLeader);
        Duration takeover = Duration.ofNanos(System.nanoTime() - frozenAt);
        System.out.println("OutboxLeaseIT: the follower took over " + takeover.toMillis() + " ms after SIGSTOP (lease "
                + LEASE.toMillis() + " ms)");
        assertThat(consume(2))
                .extracting(ConsumerRecord::key)
                .containsExactlyInAnyOrder("before-freeze", "while-frozen");

        // Keep leadership away from the woken child and give it a row to send: a leader that trusted its old
        // session would send it at once.
        follower.close();
        try (Connection holder = dataSource.getConnection()) {
            holder.setAutoCommit(false);
            await().atMost(Duration.ofSeconds(10)).until(() -> tryLock(holder));
            append("after-wake");
            int seen = childOutput.size();
            signal("CONT");

            await().atMost(Duration.ofSeconds(30))
                    // A stream of the list itself reads one snapshot; a sub-list fails when the child writes a line.
                    .until(() -> childOutput.stream()
                            .skip(seen)
                            .anyMatch(line -> line.contains("steps down without sending")));
            await().atMost(Duration.ofSeconds(10)).until(() -> !childLeads());
            assertThat(childPublished()).as("nothing sent since the freeze").isEqualTo(1);
            assertThat(unpublished()).containsExactly("after-wake");
            assertThat(consume(2)).extracting(ConsumerRecord::key).doesNotContain("after-wake");
            holder.rollback();
        }

        // The lock is free again: the child leads legitimately, with a new lease, and publishes the row once.
        await().atMost(Duration.ofSeconds(30)).until(() -> childLeads() && childPublished() == 2);
        assertThat(consume(3))
                .extracting(ConsumerRecord::key)
                .containsExactlyInAnyOrder("before-freeze", "while-frozen", "after-wake");
    }

    private Process startChildRelay() throws Exception {
        String java = ProcessHandle.current().info().command().orElseThrow();
        Process process = new ProcessBuilder(
                        java,
                        "-Xmx128m",
                        "-XX:+UseSerialGC",
                        "-cp",
                        System.getProperty("java.class.path"),
                        OutboxRelayProcess.class.getName(),
                        postgres.primaryUrl(),
                        postgres.username(),
                        postgres.password(),
                        bootstrapServers,
                        Long.toString(LEASE.toMillis()))
                .redirectErrorStream(true)
                .start();
        Thread.ofPlatform().daemon().start(() -> {
            try (BufferedReader lines =
                    new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = lines.readLine()) != null; ) {
                    childOutput.add(line);
                    if (!line.startsWith("state ")) {
                        System.out.println("child: " + line);
                    }
                }
            } catch (java.io.IOException e) {
                // The child is gone.
            }
        });
        return process;
    }

    private void signal(String name) throws Exception {
        new ProcessBuilder("kill", "-" + name, Long.toString(child.pid()))
                .inheritIO()
                .start()
                .waitFor();
    }

    private String lastState() {
        for (int i = childOutput.size() - 1; i >= 0; i--) {
            if (childOutput.get(i).startsWith("state ")) {
                return childOutput.get(i);
            }
        }
        return "";
    }

    private boolean childLeads() {
        return lastState().contains("leader=true");
    }

    private long childPublished() {
        String state = lastState();
        return state.isEmpty() ? -1 : Long.parseLong(state.substring(state.indexOf("published=") + 10));
    }

    private void append(String key) {
        Outbox.append(database, topic, key, Envelope.first("Test.v1", key, Instant.now()), "{}");
    }

    private List<String> unpublished() {
        return database.sql("select aggregate_id from outbox where published_at is null order by id")
                .query(String.class)
                .list();
    }

    /** Takes the relays' lock the way a relay does: for as long as this transaction stays open. */
    private static boolean tryLock(Connection connection) throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement("select pg_try_advisory_xact_lock(?, ?)")) {
            lock.setInt(1, OutboxRelay.LOCK_CLASS);
            lock.setInt(2, OutboxRelay.LOCK_RELAY);
            try (ResultSet result = lock.executeQuery()) {
                return result.next() && result.getBoolean(1);
            }
        }
    }

    private List<ConsumerRecord<String, String>> consume(int expected) {
        return new TopicReader(bootstrapServers).read(topic, expected, Duration.ofSeconds(30));
    }
}
