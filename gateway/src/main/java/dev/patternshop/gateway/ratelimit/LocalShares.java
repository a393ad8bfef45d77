package dev.patternshop.gateway.ratelimit;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;

/**
 * This instance's local share of the shared limits, so that most requests decide without a Redis round trip
 * (about a fifth of the edge's CPU per request when every request asked Redis, docs/benchmarks.md).
 *
 * <ul>
 *   <li><b>Leases.</b> When a client's permits here run out, the limiter takes several from Redis at once (the same
 *       Lua script, asked for more than one) and spends them here for at most {@code leaseTime}. A lease is what the
 *       client used here in the last {@code leaseTime} (its demand), at most {@code maxFraction} of the policy's
 *       capacity and at most half of what Redis had left, so close to the limit permits are taken one by one and a
 *       refusal is exact; a rare client takes one permit at a time. Only one lease per client is on its way at a
 *       time: requests that miss together would otherwise each take a whole lease.</li>
 *   <li><b>Refusals.</b> A refusal from Redis is remembered until its Retry-After: no permit can come back before
 *       then, so a client that keeps knocking is refused here without asking Redis again.</li>
 * </ul>
 *
 * <p>What stays exact: every permit spent anywhere was taken from the shared bucket or window first, so no client
 * gets more than its limit across all instances. What is approximate, by design: permits leased by one instance
 * cannot be spent on another, so a client spread over several instances may be refused up to one lease per instance
 * early; the unspent permits of an expired lease go back with this instance's next request to Redis for that client
 * (lost only if it never asks again, or the call fails); a sliding-window permit
 * leased in one window and spent just after its end counts in the window it was leased in; and
 * {@code RateLimit-Remaining} is Redis's count when this instance last asked, minus what it spent since. With a
 * capacity below {@code 1 / maxFraction} every lease is one permit: such limits (logins, the tests' small ones) are
 * decided in Redis for every request, exactly as without a local share.
 *
 * <p>At most {@code maxKeys} clients are kept; past that, expired entries are dropped, and if none were, all are
 * (each is at most one lease: dropping it only costs the client those permits).
 */
final class LocalShares {

    private final Clock clock;
    private final double maxFraction;
    private final long leaseMillis;
    private final int maxKeys;
    private final ConcurrentHashMap<String, Share> shares = new ConcurrentHashMap<>();

    LocalShares(Clock clock, double maxFraction, Duration leaseTime, int maxKeys) {
        this.clock = clock;
        this.maxFraction = maxFraction;
        this.leaseMillis = leaseTime.toMillis();
        this.maxKeys = maxKeys;
    }

    /** A decision made from this instance's share, or null when Redis must be asked. */
    RateLimitDecision tryLocally(String key, RateLimitPolicy policy) {
        Share share = shares.get(key);
        if (share == null) {
            return null;
        }
        long now = clock.millis();
        synchronized (share) {
            if (now >= share.deniedAt && now < share.deniedUntil) {
                return refused(policy, share.deniedUntil - now);
            }
            if (share.hasCurrentPermits(now, leaseMillis)) {
                share.permits--;
                share.count(now, leaseMillis);
                return allowed(policy, share.storeRemaining + share.permits);
            }
            return null;
        }
    }

    /**
     * What to ask Redis for now: how many permits (see the class comment), and the unspent permits of this client's
     * expired lease, which go back to the shared bucket or window in the same call.
     */
    LeaseRequest request(String key, RateLimitPolicy policy) {
        Share share = shares.get(key);
        if (share == null) {
            return LeaseRequest.ONE;
        }
        long most = Math.max(1, (long) Math.floor(policy.capacity() * maxFraction));
        long now = clock.millis();
        synchronized (share) {
            long givenBack = 0;
            long givenBackLeasedAt = 0;
            if (share.permits > 0 && !share.hasCurrentPermits(now, leaseMillis)) {
                givenBack = share.permits;
                givenBackLeasedAt = share.leasedAt;
                share.permits = 0;
            }
            long wanted = 1;
            if (most > 1 && !share.leasing) {
                long demand = Math.max(share.spentBefore, share.spent);
                wanted = Math.clamp(demand, 1, Math.max(1, Math.min(most, share.storeRemaining / 2)));
                // Cleared by the next answer from Redis, whichever request it is for (a lost answer costs nothing
                // more than leases of one until then).
                share.leasing = wanted > 1;
            }
            return new LeaseRequest(wanted, givenBack, givenBackLeasedAt);
        }
    }

    /** Records Redis's answer to a lease; the request that asked spends the first permit. */
    RateLimitDecision leased(String key, RateLimitPolicy policy, long granted, long storeRemaining, Duration wait) {
        long now = clock.millis();
        Share share = shareOf(key);
        synchronized (share) {
            share.leasing = false;
            share.storeRemaining = storeRemaining;
            if (granted < 1) {
                share.deniedAt = now;
                share.deniedUntil = now + wait.toMillis();
                return refused(policy, wait.toMillis());
            }
            // Requests that missed at the same moment each took a lease: what is still valid of another is kept.
            share.permits = (share.hasCurrentPermits(now, leaseMillis) ? share.permits : 0) + granted - 1;
            share.leasedAt = now;
            share.deniedUntil = 0;
            share.count(now, leaseMillis);
            return allowed(policy, storeRemaining + share.permits);
        }
    }

    /** Forgets every share: after the shared store was emptied (an operator's FLUSHALL, a test's reset). */
    void clear() {
        shares.clear();
    }

    private Share shareOf(String key) {
        Share share = shares.get(key);
        if (share != null) {
            return share;
        }
        if (shares.size() >= maxKeys) {
            long now = clock.millis();
            shares.values().removeIf(s -> s.expiredAt(now, leaseMillis));
            if (shares.size() >= maxKeys) {
                shares.clear();
            }
        }
        return shares.computeIfAbsent(key, k -> new Share());
    }

    /**
     * Permits wanted from the shared store, and permits given back to it: {@code givenBack} unspent ones of a lease
     * taken at {@code givenBackLeasedAt} (epoch ms; a sliding window takes them off the window they were counted in).
     */
    record LeaseRequest(long wanted, long givenBack, long givenBackLeasedAt) {
        static final LeaseRequest ONE = new LeaseRequest(1, 0, 0);
    }

    private static RateLimitDecision allowed(RateLimitPolicy policy, long remaining) {
        return new RateLimitDecision(true, policy.capacity(), remaining, Duration.ZERO, false);
    }

    private static RateLimitDecision refused(RateLimitPolicy policy, long waitMillis) {
        return new RateLimitDecision(false, policy.capacity(), 0, Duration.ofMillis(Math.max(1, waitMillis)), false);
    }

    /** One client's permits on one route in this instance. Guarded by its own monitor. */
    private static final class Share {
        private long permits;
        private long leasedAt;
        private long storeRemaining;
        private long deniedAt;
        private long deniedUntil;
        private boolean leasing;
        /** Requests allowed here in the current period of one lease time, and in the one before it. */
        private long periodStart;

        private long spent;
        private long spentBefore;

        /** Unspent permits of a lease that has not expired (a clock that stepped back ends it). */
        boolean hasCurrentPermits(long now, long leaseMillis) {
            return permits > 0 && now >= leasedAt && now < leasedAt + leaseMillis;
        }

        void count(long now, long leaseMillis) {
            if (now < periodStart || now >= periodStart + leaseMillis) {
                spentBefore = now >= periodStart && now < periodStart + 2 * leaseMillis ? spent : 0;
                periodStart = now;
                spent = 0;
            }
            spent++;
        }

        boolean expiredAt(long now, long leaseMillis) {
            synchronized (this) {
                return now >= leasedAt + leaseMillis && now >= deniedUntil;
            }
        }
    }
}
