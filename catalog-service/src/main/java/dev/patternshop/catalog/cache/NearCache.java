package dev.patternshop.catalog.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.patternshop.catalog.product.Product;
import java.util.Optional;

/**
 * The first level of the product cache: this instance's own memory, in front of Redis.
 *
 * <p>Entries are versioned like the Redis ones, and an invalidation leaves its version behind (a tombstone) rather
 * than removing the entry. So a read that fetched version 4 from Redis just before another instance's change to
 * version 5 was announced cannot store its 4 after the announcement: a fill never replaces a newer version or a
 * newer tombstone. Each entry lives at most {@code ttl}, which bounds how stale it can be when an announcement is
 * lost (Redis restarting, the subscription reconnecting).
 */
public final class NearCache {

    private final Cache<Long, Entry> entries;
    private final boolean enabled;

    public NearCache(CacheSettings.Near settings) {
        this(settings, Ticker.systemTicker());
    }

    NearCache(CacheSettings.Near settings, Ticker ticker) {
        this.enabled = settings.enabled();
        this.entries = Caffeine.newBuilder()
                .expireAfterWrite(settings.ttl())
                .maximumSize(settings.maxEntries())
                .ticker(ticker)
                .build();
    }

    /** What this instance holds for {@code id}: a product, a known absence, or nothing usable (empty). */
    public Optional<Lookup> get(long id) {
        if (!enabled) {
            return Optional.empty();
        }
        Entry entry = entries.getIfPresent(id);
        return entry == null || entry.tombstone() ? Optional.empty() : Optional.of(new Lookup(entry.product()));
    }

    /** Keeps {@code product} (or its absence, when empty) at {@code version}, unless a newer version is known. */
    public void put(long id, long version, Optional<Product> product) {
        if (!enabled) {
            return;
        }
        Entry fill = new Entry(version, product, false);
        entries.asMap().merge(id, fill, (held, offered) -> held.version() > offered.version() ? held : offered);
    }

    /** Another instance changed {@code id} to {@code version}: forget anything older, and refuse older fills. */
    public void invalidate(long id, long version) {
        if (!enabled) {
            return;
        }
        Entry tombstone = new Entry(version, Optional.empty(), true);
        entries.asMap().merge(id, tombstone, (held, offered) -> held.version() >= offered.version() ? held : offered);
    }

    /** Forgets everything: announcements may have been missed (the subscription was down). */
    public void clear() {
        entries.invalidateAll();
    }

    /** A usable entry: the product, or empty for a product known not to exist. */
    public record Lookup(Optional<Product> product) {}

    private record Entry(long version, Optional<Product> product, boolean tombstone) {}
}
