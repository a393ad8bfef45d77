package dev.patternshop.replication;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs each replica's check on a fixed delay, each on its own schedule and virtual thread: a replica that hangs
 * (stopped rather than dead, so its check waits for the socket timeout) delays only its own checks, never another
 * database's. A check that throws is logged and tried again at the next interval.
 */
public final class ReplicaChecks implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ReplicaChecks.class);

    private final List<Runnable> checks;
    private final Duration interval;
    private ScheduledExecutorService scheduler;

    public ReplicaChecks(List<Runnable> checks, Duration interval) {
        this.checks = List.copyOf(checks);
        this.interval = interval;
    }

    /** One check per monitor ({@link ReplicaMonitor#check()}). */
    public static ReplicaChecks of(Collection<ReplicaMonitor> monitors, Duration interval) {
        return new ReplicaChecks(
                monitors.stream().<Runnable>map(monitor -> monitor::check).toList(), interval);
    }

    public synchronized void start() {
        if (scheduler != null || checks.isEmpty()) {
            return;
        }
        scheduler = Executors.newScheduledThreadPool(
                checks.size(), Thread.ofVirtual().name("replica-check-", 0).factory());
        for (Runnable check : checks) {
            scheduler.scheduleWithFixedDelay(
                    () -> runGuarded(check), interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
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
