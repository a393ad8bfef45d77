package dev.patternshop.catalog.cache;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

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
 */
@ConfigurationProperties("catalog.cache")
public record CacheSettings(@DefaultValue("true") boolean enabled,
                            @DefaultValue("10m") Duration ttl,
                            @DefaultValue("2m") Duration ttlJitter,
                            @DefaultValue("30s") Duration negativeTtl,
                            @DefaultValue("2s") Duration lockTtl,
                            @DefaultValue("500ms") Duration lockWait,
                            @DefaultValue("20ms") Duration lockPoll) {
}
