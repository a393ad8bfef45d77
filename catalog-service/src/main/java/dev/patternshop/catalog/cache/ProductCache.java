package dev.patternshop.catalog.cache;

import dev.patternshop.catalog.product.Product;
import dev.patternshop.catalog.product.ReadConsistency;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import tools.jackson.databind.json.JsonMapper;

/**
 * Cache-aside for products by id: two levels, this instance's memory ({@link NearCache}) in front of Redis.
 *
 * <ul>
 *   <li><b>Near cache:</b> a read without a consistency token is answered from this instance's memory when it can,
 *       with no network call. A committed write is announced on Redis pub/sub ({@link ProductChanges}) and every
 *       instance drops older copies; an entry lives at most {@code catalog.cache.near.ttl}, which bounds the
 *       staleness when an announcement is lost. A read with a token skips it and asks Redis, which holds every
 *       committed write (below), so read-your-writes holds across instances.</li>
 *   <li><b>Read:</b> Redis first; on a miss, load from the database and fill with a TTL plus jitter.
 *       Unknown ids are cached briefly too (negative caching), so a flood of bad ids does not reach Postgres.</li>
 *   <li><b>Versioned fills:</b> every entry carries the product's version and a Lua script refuses to
 *       replace a newer version with an older one. A fill from a lagging replica therefore can never undo
 *       a write, and "invalidate after commit" is done by writing the committed version over the old one.</li>
 *   <li><b>Stampede protection:</b> concurrent misses on one key in this instance share one load
 *       (single flight); across instances, a short Redis lock lets one load while the others wait for the fill.</li>
 *   <li><b>Redis down:</b> every call goes through a circuit breaker; an error or an open breaker is a
 *       miss, the request is served from the database, and the breaker closes by itself when Redis is back.
 *       A read that Redis did not answer makes no further Redis call (no lock, no fill): until the breaker opens,
 *       a request waits for one command timeout, not one per step.
 *       A write whose cache update failed is remembered and retried once Redis answers again.</li>
 * </ul>
 */
public class ProductCache {

    private static final Logger LOG = LoggerFactory.getLogger(ProductCache.class);
    private static final String KEY_PREFIX = "catalog:product:v1:";
    private static final long ABSENT_VERSION = -1;

    /** SET key "version|payload" unless the stored version is newer. Returns 1 when written. */
    private static final RedisScript<Long> SET_IF_NOT_OLDER = RedisScript.of("""
            local current = redis.call('GET', KEYS[1])
            if current then
              local stored = tonumber(string.match(current, '^(-?%d+)|'))
              if stored and stored > tonumber(ARGV[1]) then return 0 end
            end
            redis.call('SET', KEYS[1], ARGV[1] .. '|' .. ARGV[2], 'PX', ARGV[3])
            return 1
            """, Long.class);

    /** Deletes a lock only if this instance still owns it. */
    private static final RedisScript<Long> RELEASE_LOCK = RedisScript.of("""
            if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
            return 0
            """, Long.class);

    private final StringRedisTemplate redis;
    private final JsonMapper json;
    private final CircuitBreaker breaker;
    private final CacheSettings settings;
    private final NearCache near;
    private final String instanceId = UUID.randomUUID().toString();
    private final ConcurrentHashMap<FlightKey, CompletableFuture<Optional<Product>>> inFlight =
            new ConcurrentHashMap<>();
    /** Ids whose cache update failed (Redis down), with the committed version, to delete and announce once it answers. */
    private final ConcurrentHashMap<Long, Long> pendingInvalidations = new ConcurrentHashMap<>();

    private final Counter nearHits;
    private final Counter hits;
    private final Counter negativeHits;
    private final Counter misses;
    private final Counter errors;
    private final Counter loads;

    public ProductCache(
            StringRedisTemplate redis,
            JsonMapper json,
            CircuitBreaker breaker,
            CacheSettings settings,
            NearCache near,
            MeterRegistry meters) {
        this.redis = redis;
        this.json = json;
        this.breaker = breaker;
        this.settings = settings;
        this.near = near;
        this.nearHits = requests(meters, "near-hit");
        this.hits = requests(meters, "hit");
        this.negativeHits = requests(meters, "negative-hit");
        this.misses = requests(meters, "miss");
        this.errors = requests(meters, "error");
        this.loads = Counter.builder("catalog.cache.loads")
                .tag("cache", "product")
                .description("database loads caused by cache misses")
                .register(meters);
    }

    /** The product from the cache, or from {@code loader} (once per key, however many ask at the same time). */
    public Optional<Product> get(
            long id,
            ReadConsistency consistency,
            java.util.function.Function<ReadConsistency, Optional<Product>> loader) {
        if (!settings.enabled()) {
            return loader.apply(consistency);
        }
        if (consistency.minLogPosition() == 0) {
            Optional<NearCache.Lookup> held = near.get(id);
            if (held.isPresent()) {
                nearHits.increment();
                return held.get().product();
            }
        }
        Peek read = read(id);
        if (read.cached().isPresent()) {
            keepNear(id, read.cached().get());
            return read.cached().get().product();
        }
        FlightKey key = new FlightKey(id, consistency.minLogPosition());
        CompletableFuture<Optional<Product>> mine = new CompletableFuture<>();
        CompletableFuture<Optional<Product>> flight = inFlight.putIfAbsent(key, mine);
        if (flight != null) {
            Optional<Product> shared = awaitFlight(flight);
            if (shared != null) {
                return shared;
            }
            // The other load takes too long (a database that stopped answering): load it ourselves rather
            // than wait on it without bound; the cross-instance lock still keeps this to one extra load.
            return loadAcrossInstances(read, id, consistency, loader);
        }
        try {
            Optional<Product> loaded = loadAcrossInstances(read, id, consistency, loader);
            near.put(id, loaded.map(Product::version).orElse(ABSENT_VERSION), loaded);
            mine.complete(loaded);
            return loaded;
        } catch (RuntimeException e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            inFlight.remove(key, mine);
        }
    }

    /** After a committed create or update: both levels move to the committed version, and the others are told. */
    public void written(Product product) {
        if (settings.enabled()) {
            near.put(product.id(), product.version(), Optional.of(product));
            if (!fill(product.id(), product.version(), serialize(product), productTtl())) {
                pendingInvalidations.put(product.id(), product.version());
            }
            announce(product.id(), product.version());
        }
    }

    /** After a committed delete: remember the absence, at a version no older replica row can beat. */
    public void deleted(long id, long deletedVersion) {
        if (settings.enabled()) {
            near.put(id, deletedVersion + 1, Optional.empty());
            if (!fill(id, deletedVersion + 1, "", settings.negativeTtl())) {
                pendingInvalidations.put(id, deletedVersion + 1);
            }
            announce(id, deletedVersion + 1);
        }
    }

    /** Tells every instance (this one too, harmlessly) to drop copies of {@code id} older than {@code version}. */
    private void announce(long id, long version) {
        guarded(() ->
                redis.convertAndSend(ProductChanges.CHANNEL.getTopic(), ProductChanges.announcement(id, version)));
    }

    private void keepNear(long id, Cached cached) {
        near.put(id, cached.version(), cached.product());
    }

    /**
     * After a miss, loads the product once across instances. When Redis did not answer the read ({@code read}),
     * nor any call after it, the load makes no further Redis call: the lock, the wait for another instance's fill and
     * the fill would each wait out the command timeout, so a request that meets a Redis that just died waits for one
     * timeout, not one per step, until the breaker opens.
     */
    private Optional<Product> loadAcrossInstances(
            Peek read,
            long id,
            ReadConsistency consistency,
            java.util.function.Function<ReadConsistency, Optional<Product>> loader) {
        String lockKey = key(id) + ":lock";
        Optional<Boolean> lock = read.answered()
                ? guarded(() -> redis.opsForValue().setIfAbsent(lockKey, instanceId, settings.lockTtl()))
                : Optional.empty();
        boolean answering = lock.isPresent();
        boolean locked = lock.orElse(false);
        if (answering && !locked) {
            // Another instance is loading this key: wait briefly for its fill rather than load it again.
            long deadline = System.nanoTime() + settings.lockWait().toNanos();
            while (System.nanoTime() < deadline && breaker.getState() != CircuitBreaker.State.OPEN) {
                sleep(settings.lockPoll());
                Peek filled = peek(id);
                if (filled.cached().isPresent()) {
                    hits.increment();
                    return filled.cached().get().product();
                }
                if (!filled.answered()) {
                    answering = false;
                    break;
                }
            }
        }
        try {
            if (locked) {
                // Double-check under the lock: a load that finished between our miss and now (here or on
                // another instance) has already filled the key, and loading again would be the stampede.
                Peek filled = peek(id);
                if (filled.cached().isPresent()) {
                    return filled.cached().get().product();
                }
                answering = filled.answered();
            }
            loads.increment();
            Optional<Product> loaded = loader.apply(consistency);
            if (answering) {
                loaded.ifPresentOrElse(
                        product -> fill(id, product.version(), serialize(product), productTtl()),
                        () -> fill(id, ABSENT_VERSION, "", settings.negativeTtl()));
            }
            return loaded;
        } finally {
            if (locked) {
                guarded(() -> redis.execute(RELEASE_LOCK, List.of(lockKey), instanceId));
            }
        }
    }

    /** The in-flight load's result, or null when it has not finished within {@code lock-wait}. */
    private Optional<Product> awaitFlight(CompletableFuture<Optional<Product>> flight) {
        try {
            return flight.get(settings.lockWait().toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            return null;
        } catch (ExecutionException e) {
            // The shared load failed: this request fails the same way (e.g. database unavailable).
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            throw new IllegalStateException("product load failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a product load", e);
        }
    }

    private Peek read(long id) {
        Peek read = peek(id);
        read.cached()
                .ifPresentOrElse(
                        hit -> (hit.product().isPresent() ? hits : negativeHits).increment(), misses::increment);
        return read;
    }

    private Peek peek(long id) {
        Optional<Optional<String>> answer =
                guarded(() -> Optional.ofNullable(redis.opsForValue().get(key(id))));
        if (answer.isEmpty()) {
            return Peek.UNANSWERED;
        }
        if (answer.get().isEmpty()) {
            return Peek.MISS;
        }
        String raw = answer.get().get();
        int bar = raw.indexOf('|');
        String payload = raw.substring(bar + 1);
        try {
            long version = Long.parseLong(raw, 0, bar, 10);
            if (payload.isEmpty()) {
                return Peek.of(new Cached(version, Optional.empty()));
            }
            return Peek.of(new Cached(version, Optional.of(json.readValue(payload, Product.class))));
        } catch (RuntimeException e) {
            LOG.warn("Unreadable cache entry {}; treating it as a miss", key(id), e);
            return Peek.MISS;
        }
    }

    private boolean fill(long id, long version, String payload, Duration ttl) {
        return guarded(() -> redis.execute(
                        SET_IF_NOT_OLDER,
                        List.of(key(id)),
                        Long.toString(version),
                        payload,
                        Long.toString(ttl.toMillis())))
                .isPresent();
    }

    /** The TTL of a product entry: the base plus random jitter, so that a bulk fill does not expire all at once. */
    private Duration productTtl() {
        return settings.ttl()
                .plusMillis(ThreadLocalRandom.current()
                        .nextLong(settings.ttlJitter().toMillis() + 1));
    }

    /** Runs a Redis call through the breaker; any failure is logged, counted and answered with empty. */
    private <T> Optional<T> guarded(Supplier<T> call) {
        try {
            T result = breaker.executeSupplier(call);
            retryPendingInvalidations();
            return Optional.ofNullable(result);
        } catch (CallNotPermittedException open) {
            errors.increment();
            return Optional.empty();
        } catch (RuntimeException e) {
            errors.increment();
            LOG.debug("Redis call failed; serving from the database", e);
            return Optional.empty();
        }
    }

    private void retryPendingInvalidations() {
        if (pendingInvalidations.isEmpty()) {
            return;
        }
        for (Map.Entry<Long, Long> pending : List.copyOf(pendingInvalidations.entrySet())) {
            long id = pending.getKey();
            try {
                breaker.executeSupplier(() -> redis.delete(key(id)));
                breaker.executeSupplier(() -> redis.convertAndSend(
                        ProductChanges.CHANNEL.getTopic(), ProductChanges.announcement(id, pending.getValue())));
                pendingInvalidations.remove(id, pending.getValue());
            } catch (RuntimeException e) {
                return;
            }
        }
    }

    private String serialize(Product product) {
        return json.writeValueAsString(product);
    }

    private static String key(long id) {
        return KEY_PREFIX + id;
    }

    private static Counter requests(MeterRegistry meters, String result) {
        return Counter.builder("catalog.cache.requests")
                .tag("cache", "product")
                .tag("result", result)
                .description("product cache lookups by outcome")
                .register(meters);
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private record Cached(long version, Optional<Product> product) {}

    /** What Redis said about a key: an entry, a miss, or nothing (it failed, or its breaker is open). */
    private record Peek(Optional<Cached> cached, boolean answered) {
        static final Peek MISS = new Peek(Optional.empty(), true);
        static final Peek UNANSWERED = new Peek(Optional.empty(), false);

        static Peek of(Cached cached) {
            return new Peek(Optional.of(cached), true);
        }
    }

    private record FlightKey(long id, long minLogPosition) {}
}
