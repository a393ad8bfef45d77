package dev.patternshop.gateway.ratelimit;

import dev.patternshop.gateway.ratelimit.RateLimitSettings.AccountLockoutPolicy;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.reactor.circuitbreaker.operator.CircuitBreakerOperator;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import reactor.core.publisher.Mono;

/**
 * Per-account lockout beside the per-IP login limit: after {@code maxFailures} consecutive failed logins an
 * account is locked for {@code lockout} after the last failure, whichever addresses the guesses came from;
 * while locked, its password is not even checked (no bcrypt work). Only accounts that exist are counted, so the
 * state is bounded by the number of accounts. Counted in Redis (shared by every gateway instance); while Redis
 * cannot be asked, counted in this instance's memory instead (fail closed, per instance). Without a policy
 * ({@code gateway.rate-limit.login-account} unset, or rate limiting off) nothing is ever locked.
 */
public class AccountLockout {

    /** KEYS[1] a hash {count, until}. ARGV: now ms, lockout ms. A failure past the lock's end starts a new count. */
    private static final RedisScript<Long> RECORD_FAILURE = RedisScript.of("""
            local now = tonumber(ARGV[1])
            local lockout = tonumber(ARGV[2])
            local state = redis.call('HMGET', KEYS[1], 'count', 'until')
            local count = tonumber(state[1]) or 0
            if (tonumber(state[2]) or 0) <= now then count = 0 end
            count = count + 1
            redis.call('HSET', KEYS[1], 'count', count, 'until', now + lockout)
            redis.call('PEXPIRE', KEYS[1], lockout * 2)
            return count
            """, Long.class);

    private final ReactiveStringRedisTemplate redis;
    private final CircuitBreaker storeBreaker;
    private final Duration storeTimeout;
    private final Clock clock;
    private final AccountLockoutPolicy policy;
    private final String keyPrefix;
    private final Map<String, long[]> local = new HashMap<>();

    AccountLockout(
            ReactiveStringRedisTemplate redis,
            CircuitBreaker storeBreaker,
            Duration storeTimeout,
            Clock clock,
            AccountLockoutPolicy policy,
            String keyPrefix) {
        this.redis = redis;
        this.storeBreaker = storeBreaker;
        this.storeTimeout = storeTimeout;
        this.clock = clock;
        this.policy = policy;
        this.keyPrefix = keyPrefix + "login-account:";
    }

    /** How much longer the account stays locked; zero when it is not locked (or lockout is off). */
    public Mono<Duration> remainingLock(String username) {
        if (policy == null) {
            return Mono.just(Duration.ZERO);
        }
        return store(
                redis.<String, String>opsForHash()
                        .multiGet(keyPrefix + username, List.of("count", "until"))
                        .map(state -> remaining(parse(state.get(0)), parse(state.get(1)))),
                () -> {
                    synchronized (local) {
                        long[] state = local.getOrDefault(username, new long[2]);
                        return remaining(state[0], state[1]);
                    }
                });
    }

    public Mono<Void> recordFailure(String username) {
        if (policy == null) {
            return Mono.empty();
        }
        long now = clock.millis();
        return store(
                        redis.execute(
                                        RECORD_FAILURE,
                                        List.of(keyPrefix + username),
                                        List.of(
                                                Long.toString(now),
                                                Long.toString(policy.lockout().toMillis())))
                                .next(),
                        () -> {
                            synchronized (local) {
                                long[] state = local.computeIfAbsent(username, k -> new long[2]);
                                state[0] = state[1] <= now ? 1 : state[0] + 1;
                                state[1] = now + policy.lockout().toMillis();
                                return state[0];
                            }
                        })
                .then();
    }

    public Mono<Void> recordSuccess(String username) {
        if (policy == null) {
            return Mono.empty();
        }
        return store(redis.delete(keyPrefix + username), () -> {
                    synchronized (local) {
                        local.remove(username);
                        return 0L;
                    }
                })
                .then();
    }

    private Duration remaining(long failures, long until) {
        long left = until - clock.millis();
        return failures >= policy.maxFailures() && left > 0 ? Duration.ofMillis(left) : Duration.ZERO;
    }

    private static long parse(Object value) {
        return value == null ? 0 : Long.parseLong(value.toString());
    }

    /** The shared store's answer, or this instance's own when Redis cannot be asked in time. */
    private <T> Mono<T> store(Mono<T> shared, java.util.function.Supplier<T> fallback) {
        return shared.timeout(storeTimeout)
                .transformDeferred(CircuitBreakerOperator.of(storeBreaker))
                .onErrorResume(unavailable -> Mono.fromSupplier(fallback));
    }
}
