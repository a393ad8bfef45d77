package dev.patternshop.notification.webhook;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Sends due deliveries. Every {@code poll-interval} (at once again while it finds work) one thread claims up to
 * {@code batch} due deliveries in a short transaction ({@code FOR UPDATE SKIP LOCKED}, moving {@code next_attempt_at}
 * forward by {@code lease} so no other worker takes them meanwhile); each is then sent on its own virtual thread,
 * OUTSIDE any transaction (a slow receiver holds no connection), at most {@code concurrency} at once; its outcome is
 * recorded in a second short transaction: the attempt logged, then DELIVERED, or rescheduled after the
 * {@link Backoff}, or DEAD after {@code max-attempts}. A crash between claim and record leaves the delivery PENDING
 * with its lease: it is sent again once the lease ends (at least once; the receiver dedupes on the delivery id).
 */
class WebhookDeliveryWorker implements SmartLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookDeliveryWorker.class);

    private final WebhookStore store;
    private final WebhookSender sender;
    private final WebhookSettings settings;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final Semaphore inFlight;
    private final Counter delivered;
    private final Counter retried;
    private final Counter dead;

    private ScheduledExecutorService poller;
    private ExecutorService senders;
    private volatile boolean running;

    WebhookDeliveryWorker(
            WebhookStore store,
            WebhookSender sender,
            WebhookSettings settings,
            TransactionTemplate transactions,
            Clock clock,
            MeterRegistry meters) {
        this.store = store;
        this.sender = sender;
        this.settings = settings;
        this.transactions = transactions;
        this.clock = clock;
        this.inFlight = new Semaphore(settings.concurrency());
        this.delivered = attempts(meters, "delivered");
        this.retried = attempts(meters, "retry");
        this.dead = attempts(meters, "dead");
    }

    @Override
    public void start() {
        senders = Executors.newThreadPerTaskExecutor(
                Thread.ofVirtual().name("webhook-send-", 0).factory());
        poller = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("webhook-poll").daemon().factory());
        running = true;
        poller.scheduleWithFixedDelay(this::poll, 0, settings.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        running = false;
        poller.shutdownNow();
        // Attempts in flight end within their timeouts; their outcomes are still recorded.
        senders.close();
        sender.close();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Claims and dispatches until nothing is due or every sending slot is taken. */
    void poll() {
        try {
            while (running) {
                int free = inFlight.availablePermits();
                if (free == 0) {
                    return;
                }
                List<DueDelivery> claimed = claim(Math.min(free, settings.batch()));
                for (DueDelivery delivery : claimed) {
                    inFlight.acquireUninterruptibly();
                    senders.execute(() -> {
                        try {
                            attempt(delivery);
                        } finally {
                            inFlight.release();
                        }
                    });
                }
                if (claimed.isEmpty()) {
                    return;
                }
            }
        } catch (RuntimeException e) {
            // The next poll tries again; a claimed delivery whose send never started is taken again after its lease.
            LOG.warn("Polling for due webhook deliveries failed: {}", e.toString());
        }
    }

    private List<DueDelivery> claim(int limit) {
        Instant now = now();
        return transactions.execute(status -> store.claimDue(now, now.plus(settings.lease()), limit));
    }

    /** One attempt of one claimed delivery: send, then record. */
    void attempt(DueDelivery delivery) {
        AttemptOutcome outcome = sender.send(delivery);
        try {
            transactions.executeWithoutResult(status -> record(delivery, outcome));
        } catch (RuntimeException e) {
            // Not recorded: the delivery stays PENDING and is sent again after its lease (the receiver dedupes).
            LOG.warn("Recording webhook attempt of {} failed: {}", delivery.id(), e.toString());
        }
    }

    private void record(DueDelivery delivery, AttemptOutcome outcome) {
        Instant now = now();
        // Deleted meanwhile (its subscription was): the attempt is not logged against a closed delivery.
        // Counted from the row as it is now: a replay while this attempt was in flight started a new round.
        Optional<Integer> pending = store.lockPending(delivery.id());
        if (pending.isEmpty()) {
            return;
        }
        store.logAttempt(delivery.id(), outcome, now);
        int attempts = pending.get() + 1;
        if (outcome.delivered()) {
            store.markDelivered(delivery.id(), attempts, now);
            delivered.increment();
        } else if (attempts >= settings.maxAttempts()) {
            store.markDead(delivery.id(), attempts, outcome.error());
            dead.increment();
            LOG.warn("Webhook delivery {} is DEAD after {} attempts: {}", delivery.id(), attempts, outcome.error());
        } else {
            Duration wait = settings.backoff().after(attempts, ThreadLocalRandom.current()::nextDouble);
            store.reschedule(delivery.id(), attempts, now.plus(wait), outcome.error());
            retried.increment();
        }
    }

    /** {@code patternshop_webhook_attempts_total{outcome=delivered|retry|dead}}: counted once recorded. */
    private static Counter attempts(MeterRegistry meters, String outcome) {
        return Counter.builder("patternshop.webhook.attempts")
                .description("Webhook attempts by what they led to")
                .tag("outcome", outcome)
                .register(meters);
    }

    /** To the microsecond, as Postgres stores it. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
