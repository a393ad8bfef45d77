package dev.patternshop.replication;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.TransientDataAccessResourceException;

/**
 * Admits a {@link ConsistencyToken} only if a write can have returned it: a position the primary has reached.
 *
 * <p>Why refuse rather than honour: a token is a lower bound on freshness, and one past the primary's log can be
 * met by no replica, so honouring it would send the read to the primary. Anyone sending made-up tokens would move
 * public reads onto the primary (and, being all different, past any request coalescing). A refusal
 * ({@link TokenAheadOfPrimary}, a 400) tells the client the token is not one of ours.
 *
 * <p>Cheap for genuine tokens: one at or below the newest position this instance knows (its own writes, its last
 * look at the primary), or one the replica has already replayed, needs no query. Only a token ahead of both
 * (another instance's fresh write, or a forgery) makes this instance look at the primary's position again, and
 * every request that arrives while one look is running shares the next: at most one such query at a time.
 *
 * <p>When the primary cannot be asked (it is down), such a token cannot be told from a forged one, and no database
 * can serve it. What then is the service's choice, {@link WhenPrimaryUnreachable}.
 */
public final class TokenAdmission {

    /** What a token ahead of everything known gets while the primary cannot be asked. */
    public enum WhenPrimaryUnreachable {
        /** Refused like a forged one ({@link TokenAheadOfPrimary}). */
        REFUSE,
        /**
         * Served from the replica, as a read without a token (what the replica has is the newest data there is
         * while the primary is down); when the replica does not serve reads either, the primary's failure is thrown.
         */
        SERVE_FROM_REPLICA
    }

    private final ReadRouting routing;
    private final ReplicaMonitor monitor;
    private final Duration maxWait;
    private final WhenPrimaryUnreachable whenPrimaryUnreachable;
    private final AtomicLong newestKnown = new AtomicLong();
    private final ReentrantLock looking = new ReentrantLock();
    /** {@link System#nanoTime()} when the last look at the primary started; guarded by {@link #looking}. */
    private long lastLookStarted = System.nanoTime();
    /** Why the last look failed, null when it answered; guarded by {@link #looking}. */
    private DataAccessException lastLookFailure;

    /** @param maxWait how long a request waits for a look at the primary's position, its own or one it shares */
    public TokenAdmission(
            ReadRouting routing,
            ReplicaMonitor monitor,
            Duration maxWait,
            WhenPrimaryUnreachable whenPrimaryUnreachable) {
        this.routing = routing;
        this.monitor = monitor;
        this.maxWait = maxWait;
        this.whenPrimaryUnreachable = whenPrimaryUnreachable;
    }

    /**
     * The log position a read may demand.
     *
     * @throws TokenAheadOfPrimary when the position is ahead of the primary's log (or, with
     *                             {@link WhenPrimaryUnreachable#REFUSE}, of everything known while it cannot be asked)
     */
    public long admit(long position) {
        if (position <= newestKnown.get() || monitor.canServe(position)) {
            return position;
        }
        DataAccessException unreachable = lookAtPrimary(position);
        if (position <= newestKnown.get()) {
            return position;
        }
        if (unreachable == null || whenPrimaryUnreachable == WhenPrimaryUnreachable.REFUSE) {
            throw new TokenAheadOfPrimary(position);
        }
        if (monitor.readsGoToReplica()) {
            return 0;
        }
        throw unreachable;
    }

    /** A write's position (or any the primary was seen at): tokens up to it are genuine. */
    public void written(long logPosition) {
        newestKnown.accumulateAndGet(logPosition, Math::max);
    }

    /**
     * Looks at the primary's position, from a look that started after this call (the token may come from a write
     * that committed just before it), shared with every caller that waits meanwhile.
     *
     * @return null when the look answered; why not when the primary could not be asked in time
     */
    private DataAccessException lookAtPrimary(long position) {
        long asked = System.nanoTime();
        try {
            if (!looking.tryLock(maxWait.toNanos(), TimeUnit.NANOSECONDS)) {
                return notKnownInTime();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return notKnownInTime();
        }
        try {
            if (position <= newestKnown.get() || lastLookStarted - asked > 0) {
                return lastLookFailure; // a look that started after this call has answered meanwhile
            }
            lastLookStarted = System.nanoTime();
            try {
                written(routing.primaryPosition());
                lastLookFailure = null;
            } catch (DataAccessException primaryUnreachable) {
                lastLookFailure = primaryUnreachable;
            }
            return lastLookFailure;
        } finally {
            looking.unlock();
        }
    }

    private DataAccessException notKnownInTime() {
        return new TransientDataAccessResourceException("the primary's log position was not known within " + maxWait);
    }
}
