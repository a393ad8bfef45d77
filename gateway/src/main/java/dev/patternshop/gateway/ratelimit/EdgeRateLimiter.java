package dev.patternshop.gateway.ratelimit;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.reactor.circuitbreaker.operator.CircuitBreakerOperator;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import reactor.core.publisher.Mono;

/**
 * Two rate-limiting algorithms, each one atomic Lua script in Redis, so every gateway instance shares
 * the same counters and no two requests race between read and write.
 *
 * <p>The clock is passed in (not Redis's TIME) so that tests can put a burst exactly on a window edge.
 * When Redis cannot be asked the request is allowed and counted as degraded: for a shop, refusing every
 * customer because the limiter's store is down is worse than a short time without limits; the breaker
 * at each route still protects the services. A circuit breaker on the store ({@link #STORE_BREAKER}) makes
 * that fast: after a few failed calls the limiter stops asking Redis for a while, instead of making every
 * request wait out the timeout (measured with Redis killed: 265 ms added to every request without it).
 *
 * <p>A busy client does not cost a Redis round trip per request: each script can hand out several permits at once,
 * which this instance then spends locally for a moment ({@link LocalShares}: what stays exact, what is approximate).
 */
public class EdgeRateLimiter {

    private static final Logger LOG = LoggerFactory.getLogger(EdgeRateLimiter.class);
    /** The Resilience4j circuit breaker around the limiter's Redis (configured in application.yml). */
    public static final String STORE_BREAKER = "ratelimit-store";

    /**
     * Token bucket. KEYS[1] a hash {tokens, ts}. ARGV: capacity (the burst), period ms, now ms, tokens
     * replenished per period, tokens wanted (a lease, {@link LocalShares}), unspent tokens of an expired lease given
     * back. Returns {tokens granted (0: refused), tokens left, ms until the next token}.
     */
    private static final RedisScript<List> TOKEN_BUCKET = RedisScript.of("""
            local capacity = tonumber(ARGV[1])
            local period = tonumber(ARGV[2])
            local now = tonumber(ARGV[3])
            local replenish = tonumber(ARGV[4])
            local wanted = tonumber(ARGV[5])
            local given_back = tonumber(ARGV[6])
            local state = redis.call('HMGET', KEYS[1], 'tokens', 'ts')
            local tokens = tonumber(state[1]) or capacity
            local ts = tonumber(state[2]) or now
            -- never more than a full bucket, however many come back
            local refilled = math.min(capacity, tokens + given_back + math.max(0, now - ts) * replenish / period)
            local granted = 0
            if refilled >= 1 then
              granted = math.min(wanted, math.floor(refilled))
              refilled = refilled - granted
            end
            redis.call('HSET', KEYS[1], 'tokens', tostring(refilled), 'ts', tostring(now))
            -- kept while it could still differ from a full bucket
            redis.call('PEXPIRE', KEYS[1], math.ceil(capacity * period / replenish) * 2)
            local wait = 0
            if granted == 0 then wait = math.ceil((1 - refilled) * period / replenish) end
            return {granted, math.floor(refilled), wait}
            """, List.class);

    /**
     * Sliding window counter: the current fixed window's count plus the previous window's count weighted
     * by how much of it still overlaps the sliding window. KEYS[1] the key prefix.
     * ARGV: limit, window ms, now ms, (unused), requests wanted (a lease), unspent requests of an expired lease given
     * back and when that lease was taken (ms; they come off the window that counted them, if it still counts).
     * Returns {requests granted (0: refused), remaining, ms until a request would pass}.
     */
    private static final RedisScript<List> SLIDING_WINDOW = RedisScript.of("""
            local limit = tonumber(ARGV[1])
            local window = tonumber(ARGV[2])
            local now = tonumber(ARGV[3])
            local wanted = tonumber(ARGV[5])
            local given_back = tonumber(ARGV[6])
            local current_start = now - (now % window)
            local current_key = KEYS[1] .. ':' .. current_start
            local previous_key = KEYS[1] .. ':' .. (current_start - window)
            if given_back > 0 then
              local leased_at = tonumber(ARGV[7])
              local leased_start = leased_at - (leased_at % window)
              if leased_start == current_start or leased_start == current_start - window then
                local leased_key = KEYS[1] .. ':' .. leased_start
                local back = math.min(given_back, tonumber(redis.call('GET', leased_key)) or 0)
                if back > 0 then redis.call('DECRBY', leased_key, back) end
              end
            end
            local current = tonumber(redis.call('GET', current_key)) or 0
            local previous = tonumber(redis.call('GET', previous_key)) or 0
            local overlap = (window - (now - current_start)) / window
            local estimated = previous * overlap + current
            local free = math.floor(limit - estimated)
            if free >= 1 then
              local granted = math.min(wanted, free)
              redis.call('INCRBY', current_key, granted)
              redis.call('PEXPIRE', current_key, window * 2)
              return {granted, math.floor(limit - estimated - granted), 0}
            end
            local wait = window - (now - current_start)
            if previous > 0 and current < limit then
              -- the previous window's weight drops linearly; find when enough of it has slid out
              local needed = (estimated + 1 - limit) / previous * window
              wait = math.min(wait, math.ceil(needed))
            end
            return {0, 0, math.max(1, wait)}
            """, List.class);

    private final ReactiveStringRedisTemplate redis;
    private final CircuitBreaker storeBreaker;
    private final Duration storeTimeout;
    private final Clock clock;
    private final Counter degraded;
    private final String keyPrefix;
    private final LocalShares localShares;

    public EdgeRateLimiter(
            ReactiveStringRedisTemplate redis,
            CircuitBreaker storeBreaker,
            Duration storeTimeout,
            Clock clock,
            MeterRegistry meters,
            String keyPrefix,
            LocalShares localShares) {
        this.keyPrefix = keyPrefix;
        this.localShares = localShares;
        this.redis = redis;
        this.storeBreaker = storeBreaker;
        this.storeTimeout = storeTimeout;
        this.clock = clock;
        this.degraded = Counter.builder("gateway.ratelimit.degraded")
                .description("requests let through unlimited because the limiter's Redis could not be asked")
                .register(meters);
    }

    /** This instance's share first ({@link LocalShares}); Redis when it has none left for this key. */
    public Mono<RateLimitDecision> check(String key, RateLimitPolicy policy) {
        String redisKey = keyPrefix + policy.algorithm().storeKey() + ":" + key;
        RateLimitDecision local = localShares.tryLocally(redisKey, policy);
        return local != null ? Mono.just(local) : ask(redisKey, policy, localShares.request(redisKey, policy));
    }

    /** Forgets this instance's shares: after the shared store was emptied (a test's reset, an operator's FLUSHALL). */
    public void forgetLocalShares() {
        localShares.clear();
    }

    private Mono<RateLimitDecision> ask(String redisKey, RateLimitPolicy policy, LocalShares.LeaseRequest lease) {
        RedisScript<List> script =
                policy.algorithm() == RateLimitPolicy.Algorithm.TOKEN_BUCKET ? TOKEN_BUCKET : SLIDING_WINDOW;
        return redis.execute(
                        script,
                        List.of(redisKey),
                        List.of(
                                Long.toString(policy.capacity()),
                                Long.toString(policy.period().toMillis()),
                                Long.toString(clock.millis()),
                                Long.toString(policy.replenish()),
                                Long.toString(lease.wanted()),
                                Long.toString(lease.givenBack()),
                                Long.toString(lease.givenBackLeasedAt())))
                .next()
                .timeout(storeTimeout)
                .transformDeferred(CircuitBreakerOperator.of(storeBreaker))
                .map(result -> localShares.leased(
                        redisKey,
                        policy,
                        ((Number) result.get(0)).longValue(),
                        ((Number) result.get(1)).longValue(),
                        Duration.ofMillis(((Number) result.get(2)).longValue())))
                .onErrorResume(error -> {
                    degraded.increment();
                    LOG.debug("Rate limiter unavailable, letting the request through", error);
                    return Mono.just(RateLimitDecision.unlimited(policy.capacity()));
                });
    }
}
