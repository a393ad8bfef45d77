package dev.patternshop.outbox;

import java.sql.SQLException;
import java.time.Duration;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How an idle leader waits for work: on its LISTEN connection, woken by the notification a writer's commit sends
 * ({@link Outbox#append}), or, at the latest, after the poll interval. The poll is the safety net for a
 * notification that never came (a writer that does not notify, a listener that broke).
 *
 * <p>A listener that fails never stops publishing: the failure is a wake-up (the relay reads at once, since
 * notifications may have been lost), then the relay polls, and LISTENs again after {@code retryInterval} (twice as
 * long after each LISTEN that failed in a row, up to {@link #MAX_BACKOFF} times: opening waits for a pooled
 * connection, and must not hold up the relay every second while the pool is exhausted). The
 * listener is opened in {@link #beforeRead()}, before the read: a commit after LISTEN is notified, one before it
 * is seen by that read, so nothing waits for the poll on the way back. Used by the relay's thread only, except
 * {@link #abort()}.
 */
final class OutboxWakeups implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(OutboxWakeups.class);

    enum Cause {
        NOTIFY,
        POLL
    }

    /** One LISTEN session. */
    interface Listener {

        /**
         * Waits up to {@code timeout} for a notification.
         *
         * @return true when one came (every notification received so far is consumed)
         * @throws SQLException when the session broke
         */
        boolean await(Duration timeout) throws SQLException;

        /**
         * Pings the server when a ping is due, and otherwise does nothing: a busy relay never waits on the listener,
         * and must keep the session too. It does not consume the notifications received meanwhile (the driver
         * looks for more input with a blocking 1 ms peek, which would be added to every round): the next
         * {@link #await} returns at once for them, and costs one read that may find nothing.
         */
        void keepAlive() throws SQLException;

        /** The server process of the session, for tests and operators ({@code pg_stat_activity.pid}). */
        int pid();

        /** From another thread: ends a wait at once (the relay is stopping). */
        void abort();

        /** UNLISTENs and gives the connection back; quiet when the session is gone. */
        void close();
    }

    @FunctionalInterface
    interface Opener {
        Listener open() throws SQLException;
    }

    @FunctionalInterface
    interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    private final String relay;
    private final Opener opener;
    private final Duration pollInterval;
    private final Duration retryInterval;
    private final LongSupplier nanoTime;
    private final Sleeper sleeper;
    private volatile Listener listener;
    private volatile boolean closed;
    private long retryAtNanos;
    private boolean warnedOpen;
    private int failedOpens;

    /** Failed LISTENs in a row double the wait up to this many retry intervals: an open may wait on a full pool. */
    static final int MAX_BACKOFF = 16;

    OutboxWakeups(
            String relay,
            Opener opener,
            Duration pollInterval,
            Duration retryInterval,
            LongSupplier nanoTime,
            Sleeper sleeper) {
        this.relay = relay;
        this.opener = opener;
        this.pollInterval = pollInterval;
        this.retryInterval = retryInterval;
        this.nanoTime = nanoTime;
        this.sleeper = sleeper;
        this.retryAtNanos = nanoTime.getAsLong();
    }

    /** Before every read of the outbox: LISTENs when due, and keeps the listener's session alive. */
    void beforeRead() {
        Listener current = listener;
        if (current == null) {
            if (!closed && nanoTime.getAsLong() - retryAtNanos >= 0) {
                open();
            }
            return;
        }
        try {
            current.keepAlive();
        } catch (SQLException | RuntimeException e) {
            lost(current, e);
        }
    }

    /**
     * Waits for work, nothing found by the last read.
     *
     * @return {@link Cause#NOTIFY} when a commit notified, {@link Cause#POLL} otherwise (the poll interval
     *     passed, or the listener broke: then at once, to read what it may have missed)
     */
    Cause await() {
        Listener current = listener;
        if (current == null) {
            // Polling until LISTEN is due again; never longer than the poll interval.
            long untilRetry = retryAtNanos - nanoTime.getAsLong();
            Duration sleep =
                    untilRetry <= 0 ? Duration.ZERO : Duration.ofNanos(Math.min(untilRetry, pollInterval.toNanos()));
            try {
                sleeper.sleep(sleep);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Cause.POLL;
        }
        try {
            return current.await(pollInterval) ? Cause.NOTIFY : Cause.POLL;
        } catch (SQLException | RuntimeException e) {
            lost(current, e);
            return Cause.POLL;
        }
    }

    /** True while a LISTEN session is open. */
    boolean listening() {
        return listener != null;
    }

    /** The listener's server process, or null when there is none. */
    Integer listenerPid() {
        Listener current = listener;
        return current == null ? null : current.pid();
    }

    /** From another thread: the relay stops; a wait on the listener ends now. */
    void abort() {
        closed = true;
        Listener current = listener;
        if (current != null) {
            current.abort();
        }
    }

    @Override
    public void close() {
        closed = true;
        Listener current = listener;
        listener = null;
        if (current != null) {
            current.close();
        }
    }

    private void open() {
        try {
            listener = opener.open();
            failedOpens = 0;
            if (warnedOpen) {
                LOG.info("Outbox relay {} listens for commits again", relay);
            }
            warnedOpen = false;
        } catch (SQLException | RuntimeException e) {
            long backoff = Math.min(MAX_BACKOFF, 1L << Math.min(failedOpens, 30));
            failedOpens++;
            retryAtNanos = nanoTime.getAsLong() + retryInterval.toNanos() * backoff;
            // Once per outage, not at every retry.
            if (!warnedOpen) {
                LOG.warn(
                        "Outbox relay {} cannot LISTEN for commits; polling every {} and trying again in {} and less often after: {}",
                        relay,
                        pollInterval,
                        retryInterval,
                        e.toString());
                warnedOpen = true;
            }
        }
    }

    private void lost(Listener current, Exception e) {
        listener = null;
        current.close();
        retryAtNanos = nanoTime.getAsLong() + retryInterval.toNanos();
        if (!closed) {
            warnedOpen = true; // a failing LISTEN after this is the same outage
            LOG.warn(
                    "Outbox relay {} lost its LISTEN connection; polling every {}, listening again in {}: {}",
                    relay,
                    pollInterval,
                    retryInterval,
                    e.toString());
        }
    }
}
