package dev.patternshop.gateway.ratelimit;

import dev.patternshop.gateway.ratelimit.RateLimitPolicy.Algorithm;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The gateway's in-process rate-limit decisions, with the policies of its application.yml: which policy a route
 * has ({@link RateLimitSettings#policyFor}), and the in-memory token buckets ({@link LocalTokenBuckets}, the login
 * limit's fallback while Redis is away: 10 tokens, 2 back per second, at most 10,000 keys). {@code knownClients}:
 * 1,000 addresses logging in over and over (most are refused once their burst is spent, which is the case the
 * fallback is for); {@code churningClients}: made-up addresses, more than the map keeps, so every call creates a
 * bucket and evicts the least recently used one. {@code localShare}: a request decided from permits this instance
 * leased ({@link LocalShares}), which is how most requests of a busy client are decided; the lease itself is a Lua
 * script in Redis, not measured here.
 *
 * <p>In the limiter's package because {@link LocalTokenBuckets} and {@link LocalShares} are package-private (it has no public API of its own);
 * the production class is used as it is.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms256m", "-Xmx256m"})
public class RateLimitDecisionBenchmark {

    private static final int KNOWN = 1024;
    private static final int CHURNING = 1 << 15;
    private static final int MAX_KEYS = 10_000;
    private static final String[] ROUTES = {"catalog", "orders", "notifications-stream", "payments", "inventory"};

    private RateLimitSettings settings;
    private RateLimitPolicy login;
    private RateLimitPolicy catalog;
    private LocalShares shares;
    private LocalTokenBuckets known;
    private LocalTokenBuckets churning;
    private final String[] knownKeys = new String[KNOWN];
    private final String[] churningKeys = new String[CHURNING];
    private int next;

    @Setup
    public void setUp() {
        login = new RateLimitPolicy(Algorithm.TOKEN_BUCKET, 10, Duration.ofSeconds(1), 2L);
        settings = new RateLimitSettings(
                true,
                new RateLimitPolicy(Algorithm.TOKEN_BUCKET, 100, Duration.ofSeconds(1), null),
                Map.of(
                        "catalog", new RateLimitPolicy(Algorithm.TOKEN_BUCKET, 200, Duration.ofSeconds(1), null),
                        "orders", new RateLimitPolicy(Algorithm.SLIDING_WINDOW, 100, Duration.ofSeconds(1), null),
                        "notifications-stream",
                                new RateLimitPolicy(Algorithm.TOKEN_BUCKET, 5, Duration.ofSeconds(2), 1L)),
                login,
                new RateLimitSettings.AccountLockoutPolicy(10, Duration.ofMinutes(1)),
                Duration.ofMillis(250),
                "gateway:ratelimit:",
                MAX_KEYS,
                new RateLimitSettings.LocalShare(0.1, Duration.ofMillis(100)));
        catalog = settings.policyFor("catalog");
        shares = new LocalShares(Clock.systemUTC(), 1.0, Duration.ofHours(1), MAX_KEYS);
        known = new LocalTokenBuckets(Clock.systemUTC(), MAX_KEYS);
        churning = new LocalTokenBuckets(Clock.systemUTC(), MAX_KEYS);
        Random random = new Random(42);
        for (int i = 0; i < KNOWN; i++) {
            knownKeys[i] = "ip:10." + random.nextInt(256) + "." + random.nextInt(256) + "." + random.nextInt(256);
        }
        for (int i = 0; i < CHURNING; i++) {
            churningKeys[i] = "ip:172.16." + (i >> 8) + "." + (i & 0xff);
        }
    }

    @Benchmark
    public RateLimitPolicy policyForRoute() {
        return settings.policyFor(ROUTES[(next++ & Integer.MAX_VALUE) % ROUTES.length]);
    }

    /** A request decided from this instance's leased permits (a lease of a million, renewed when spent). */
    @Benchmark
    public RateLimitDecision localShare() {
        RateLimitDecision local = shares.tryLocally("user:alice:catalog", catalog);
        return local != null ? local : shares.leased("user:alice:catalog", catalog, 1_000_000, 0, Duration.ZERO);
    }

    @Benchmark
    public RateLimitDecision knownClients() {
        return known.take(knownKeys[next++ & (KNOWN - 1)], login);
    }

    @Benchmark
    public RateLimitDecision churningClients() {
        return churning.take(churningKeys[next++ & (CHURNING - 1)], login);
    }
}
