package dev.patternshop.catalog.replication;

import dev.patternshop.catalog.product.InvalidProduct;
import dev.patternshop.catalog.product.ReadConsistency;
import dev.patternshop.replication.ConsistencyToken;
import dev.patternshop.replication.ReadRouting;
import dev.patternshop.replication.ReplicaMonitor;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.springframework.dao.DataAccessException;

/**
 * Admits a {@code Consistency-Token} only if a write can have returned it: a position the primary has reached.
 *
 * <p>Why refuse rather than honour or clamp: a token is a lower bound on freshness, and one past the primary's
 * log can be met by no replica, so honouring it sends the read to the primary. Anyone sending made-up tokens
 * would move public reads onto the primary (and, being all different, past the cache's request coalescing).
 * Clamping it would serve data older than the token claims without saying so. A 400 tells the client the
 * token is not one of ours.
 *
 * <p>Cheap for genuine tokens: one at or below the newest position this instance knows (its own writes, its
 * last look at the primary), or one the replica has already replayed, needs no query. Only a token ahead of both
 * (another instance's fresh write, or a forgery) makes this instance look at the primary's position again, and
 * every request that arrives while one look is running shares the next: at most one such query at a time,
 * however many tokens arrive. When the primary cannot be asked (it is down), such a token is refused too: it
 * cannot be told from a forged one, and with the primary gone no database could serve it anyway.
 */
public class ConsistencyTokens {

    private final ReadRouting routing;
    private final ReplicaMonitor monitor;
    private final Duration maxWait;
    private final AtomicLong newestKnown = new AtomicLong();
    private final ReentrantLock looking = new ReentrantLock();
    /** {@link System#nanoTime()} when the last look at the primary started; guarded by {@link #looking}. */
    private long lastLookStarted = System.nanoTime();

    /** @param maxWait how long a request waits for a look at the primary's position, its own or one it shares */
    public ConsistencyTokens(ReadRouting routing, ReplicaMonitor monitor, Duration maxWait) {
        this.routing = routing;
        this.monitor = monitor;
        this.maxWait = maxWait;
    }

    /** The consistency a read may ask for; refuses (400) a token ahead of the primary's log. */
    public ReadConsistency admit(ReadConsistency wanted) {
        long position = wanted.minLogPosition();
        if (position <= newestKnown.get() || monitor.canServe(position) || position <= primaryPositionFrom(position)) {
            return wanted;
        }
        throw new InvalidProduct(ConsistencyToken.HEADER, "is ahead of the database's log: send the token a write returned");
    }

    /** A write's position: tokens up to it are genuine. */
    public void written(long logPosition) {
        newestKnown.accumulateAndGet(logPosition, Math::max);
    }

    /**
     * The primary's position from a look that started after this call (the token may come from a write that
     * committed just before it), shared with every caller that waits meanwhile; what is known when the primary
     * cannot be asked in time.
     */
    private long primaryPositionFrom(long position) {
        long asked = System.nanoTime();
        try {
            if (!looking.tryLock(maxWait.toNanos(), TimeUnit.NANOSECONDS)) {
                return newestKnown.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return newestKnown.get();
        }
        try {
            if (position <= newestKnown.get() || lastLookStarted - asked > 0) {
                return newestKnown.get(); // a look that started after this call has answered meanwhile
            }
            lastLookStarted = System.nanoTime();
            written(routing.primaryPosition());
        } catch (DataAccessException primaryUnreachable) {
            // Keep what is known: the token is then refused, see the class comment.
        } finally {
            looking.unlock();
        }
        return newestKnown.get();
    }
}
