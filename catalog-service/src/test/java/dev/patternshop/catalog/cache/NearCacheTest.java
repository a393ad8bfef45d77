package dev.patternshop.catalog.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patternshop.catalog.ProductFixtures;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.DefaultMessage;
import org.springframework.data.redis.connection.Message;

class NearCacheTest {

    static final Duration TTL = Duration.ofSeconds(10);

    final AtomicLong nanos = new AtomicLong();
    final NearCache near = new NearCache(new CacheSettings.Near(true, TTL, 100, Duration.ofSeconds(1)), nanos::get);

    @Test
    void holdsAProductAndAKnownAbsence() {
        near.put(1, 3, Optional.of(ProductFixtures.product(1, 3)));
        near.put(2, -1, Optional.empty());

        assertThat(near.get(1))
                .hasValueSatisfying(held -> assertThat(held.product()).contains(ProductFixtures.product(1, 3)));
        assertThat(near.get(2))
                .hasValueSatisfying(held -> assertThat(held.product()).isEmpty());
        assertThat(near.get(3)).isEmpty();
    }

    @Test
    void anOlderFillNeverReplacesANewerVersion() {
        near.put(1, 5, Optional.of(ProductFixtures.product(1, 5)));
        near.put(1, 4, Optional.of(ProductFixtures.product(1, 4)));

        assertThat(near.get(1).orElseThrow().product()).contains(ProductFixtures.product(1, 5));

        near.put(1, 6, Optional.of(ProductFixtures.product(1, 6)));
        assertThat(near.get(1).orElseThrow().product()).contains(ProductFixtures.product(1, 6));
    }

    /** A read that fetched version 4 just before version 5 was announced must not store its 4 afterwards. */
    @Test
    void anAnnouncedChangeDropsOlderCopiesAndRefusesOlderFillsAfterIt() {
        near.put(1, 4, Optional.of(ProductFixtures.product(1, 4)));

        near.invalidate(1, 5);
        assertThat(near.get(1)).as("the announced change drops version 4").isEmpty();

        near.put(1, 4, Optional.of(ProductFixtures.product(1, 4)));
        assertThat(near.get(1)).as("a late fill of version 4").isEmpty();

        near.put(1, 5, Optional.of(ProductFixtures.product(1, 5)));
        assertThat(near.get(1).orElseThrow().product()).contains(ProductFixtures.product(1, 5));
    }

    @Test
    void anAnnouncementOfTheVersionAlreadyHeldKeepsIt() {
        near.put(1, 5, Optional.of(ProductFixtures.product(1, 5)));

        near.invalidate(1, 5);

        assertThat(near.get(1).orElseThrow().product()).contains(ProductFixtures.product(1, 5));
    }

    /** The bound on staleness when an announcement is lost. */
    @Test
    void anEntryLivesNoLongerThanItsTtl() {
        near.put(1, 3, Optional.of(ProductFixtures.product(1, 3)));

        nanos.addAndGet(TTL.minusMillis(1).toNanos());
        assertThat(near.get(1)).isPresent();

        nanos.addAndGet(Duration.ofMillis(1).toNanos());
        assertThat(near.get(1)).isEmpty();
    }

    @Test
    void clearForgetsEverything() {
        near.put(1, 3, Optional.of(ProductFixtures.product(1, 3)));
        near.put(2, -1, Optional.empty());

        near.clear();

        assertThat(near.get(1)).isEmpty();
        assertThat(near.get(2)).isEmpty();
    }

    @Test
    void switchedOffItHoldsNothing() {
        NearCache off = new NearCache(new CacheSettings.Near(false, TTL, 100, Duration.ofSeconds(1)));

        off.put(1, 3, Optional.of(ProductFixtures.product(1, 3)));

        assertThat(off.get(1)).isEmpty();
    }

    @Test
    void anAnnouncementDropsTheCopyItNames() {
        ProductChanges changes = new ProductChanges(near);
        near.put(1, 3, Optional.of(ProductFixtures.product(1, 3)));
        near.put(2, 3, Optional.of(ProductFixtures.product(2, 3)));

        changes.onMessage(message(ProductChanges.announcement(1, 4)), null);

        assertThat(near.get(1)).isEmpty();
        assertThat(near.get(2)).isPresent();
    }

    @Test
    void anUnreadableAnnouncementOrANewSubscriptionEmptiesTheNearCache() {
        ProductChanges changes = new ProductChanges(near);
        near.put(1, 3, Optional.of(ProductFixtures.product(1, 3)));
        changes.onMessage(message("not an announcement"), null);
        assertThat(near.get(1)).isEmpty();

        near.put(1, 3, Optional.of(ProductFixtures.product(1, 3)));
        changes.onChannelSubscribed(ProductChanges.CHANNEL.getTopic().getBytes(), 1);
        assertThat(near.get(1))
                .as("announcements made while unsubscribed are lost")
                .isEmpty();
    }

    private static Message message(String body) {
        return new DefaultMessage(ProductChanges.CHANNEL.getTopic().getBytes(), body.getBytes());
    }
}
