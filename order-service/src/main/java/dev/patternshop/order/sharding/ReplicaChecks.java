package dev.patternshop.order.sharding;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs each shard cluster's replica check every {@code orders.sharding.replica.check-interval}, each cluster on
 * its own schedule and thread: a replica that hangs (stopped rather than dead, so a check waits for the socket
 * timeout) delays only its own cluster's checks, never another cluster's.
 */
final class ReplicaChecks implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ReplicaChecks.class);

    private final List<Runnable> checks;
    private final Duration interval;
    private ScheduledExecutorService scheduler;

    ReplicaChecks(List<Runnable> checks, Duration interval) {
        this.checks = List.copyOf(checks);
        this.interval = interval;
    }

    synchronized void start() {
        if (scheduler != null || checks.isEmpty()) {
            return;
        }
        scheduler = Executors.newScheduledThreadPool(checks.size(), Thread.ofVirtual().name("replica-check-", 0).factory());
        for (Runnable check : checks) {
            scheduler.scheduleWithFixedDelay(() -> runGuarded(check), interval.toMillis(), interval.toMillis(),
                    TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public synchronized void close() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            scheduler = null;
        }
    }

    /** A check that throws would never be scheduled again: log it and keep checking. */
    private static void runGuarded(Runnable check) {
        try {
            check.run();
        } catch (RuntimeException e) {
            LOG.warn("Replica check failed; trying again next interval", e);
        }
    }
}
