package dev.patternshop.notification.live;

import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Deletes logged events older than {@code notification.live.retention}, every {@code cleanup-interval}: the log is
 * there for streams that resume, and a client away longer than the retention starts again from what is left.
 */
@Component
class CustomerEventRetention implements SmartLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(CustomerEventRetention.class);

    private final CustomerEventLog log;
    private final LiveSettings settings;
    private final Clock clock = Clock.systemUTC();
    private ScheduledExecutorService cleanup;

    CustomerEventRetention(CustomerEventLog log, LiveSettings settings) {
        this.log = log;
        this.settings = settings;
    }

    @Override
    public synchronized void start() {
        cleanup = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("customer-event-retention").factory());
        long every = settings.cleanupInterval().toMillis();
        cleanup.scheduleWithFixedDelay(this::deleteExpired, every, every, TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void stop() {
        if (cleanup != null) {
            cleanup.shutdownNow();
            cleanup = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return cleanup != null;
    }

    void deleteExpired() {
        try {
            int deleted = log.deleteRecordedBefore(clock.instant().minus(settings.retention()));
            if (deleted > 0) {
                LOG.info("Deleted {} customer events older than {}", deleted, settings.retention());
            }
        } catch (RuntimeException failure) {
            // The next round tries again; a stopped schedule would never delete anything any more.
            LOG.warn("Could not delete old customer events", failure);
        }
    }
}
