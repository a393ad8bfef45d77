package dev.patternshop.catalog.cache;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The product cache (cache-aside in Redis).
 *
 * @param enabled      off: every read goes to the database (the benchmark's baseline)
 * @param ttl          how long a product stays cached ...
 * @param ttlJitter    ... plus up to this much at random, so entries filled together do not expire together
 * @param negativeTtl  how long "no such product" is remembered
 * @param lockTtl      how long one instance may hold the right to load a key before others stop waiting
 * @param lockWait     how long a request waits for another's load (in this instance or another) before loading
 *                     itself: a load that hangs holds up no one else for longer
 * @param lockPoll     how often a request waiting on another instance's load looks for its fill
 * @param near         the first level, in this instance's memory ({@link NearCache})
 */
@Validated
@ConfigurationProperties("catalog.cache")
public record CacheSettings(
        @DefaultValue("true") boolean enabled,

        @NotNull @DurationMin(millis = 1) @DefaultValue("10m")
        Duration ttl,

        @NotNull @DurationMin(millis = 0) @DefaultValue("2m")
        Duration ttlJitter,

        @NotNull @DurationMin(millis = 1) @DefaultValue("30s")
        Duration negativeTtl,

        @NotNull @DurationMin(millis = 1) @DefaultValue("2s")
        Duration lockTtl,

        @NotNull @DurationMin(millis = 0) @DefaultValue("500ms")
        Duration lockWait,

        @NotNull @DurationMin(millis = 1) @DefaultValue("20ms")
        Duration lockPoll,

        @NotNull @Valid @DefaultValue Near near) {

    /**
     * The near cache.
     *
     * @param enabled     off: every read without a consistency token asks Redis
     * @param ttl         the longest an entry stays, so the longest a change made on another instance stays unseen here
     *                    when its announcement is lost
     * @param maxEntries  how many products one instance keeps (least used go first)
     * @param subscribeRetry how often to try again to subscribe to the announcements while Redis does not answer
     */
    public record Near(
            @DefaultValue("true") boolean enabled,

            @NotNull @DurationMin(millis = 1) @DefaultValue("10s")
            Duration ttl,

            @Min(1) @DefaultValue("20000") long maxEntries,

            @NotNull @DurationMin(millis = 1) @DefaultValue("5s")
            Duration subscribeRetry) {}
}
