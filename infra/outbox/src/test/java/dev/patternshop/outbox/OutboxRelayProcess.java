package dev.patternshop.outbox;

import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A relay in a process of its own, for {@link OutboxLeaseIT}: it can be frozen with SIGSTOP. Arguments: JDBC
 * URL, user, password, Kafka bootstrap servers, lease in ms. Prints {@code state leader=<bool> published=<n>}
 * every 50 ms; ends when its standard input closes (its parent test went away).
 */
public final class OutboxRelayProcess {

    private static final Duration REPORT_EVERY = Duration.ofMillis(50);

    public static void main(String[] args) throws Exception {
        HikariDataSource dataSource = new HikariDataSource();
        dataSource.setJdbcUrl(args[0]);
        dataSource.setUsername(args[1]);
        dataSource.setPassword(args[2]);
        dataSource.setMaximumPoolSize(3);
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        OutboxRelay relay = new OutboxRelay(
                "child", dataSource, OutboxProducers.factory(args[3], "outbox-child"), settings(args[4]), meters);
        relay.start();
        ScheduledExecutorService reporter = Executors.newSingleThreadScheduledExecutor();
        reporter.scheduleAtFixedRate(
                () -> {
                    System.out.println("state leader=" + relay.isLeader() + " published="
                            + (long) meters.get("outbox.published").counter().count());
                    System.out.flush();
                },
                0,
                REPORT_EVERY.toMillis(),
                TimeUnit.MILLISECONDS);
        // Runs until the parent test closes our standard input (or goes away).
        while (System.in.read() >= 0) {
            // Only the end of the stream matters.
        }
        System.exit(0);
    }

    static OutboxSettings settings(String leaseMillis) {
        return new OutboxSettings(
                Duration.ofMillis(20),
                50,
                Duration.ofHours(1),
                Duration.ofSeconds(15),
                Duration.ofMillis(200),
                Duration.ofMillis(Long.parseLong(leaseMillis)),
                5,
                Duration.ofMinutes(1));
    }

    private OutboxRelayProcess() {}
}
