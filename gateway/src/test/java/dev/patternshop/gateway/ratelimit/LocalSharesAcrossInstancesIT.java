package dev.patternshop.gateway.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patternshop.gateway.MutableClock;
import dev.patternshop.testsupport.RealInfrastructure;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

/**
 * Two gateway instances' limiters on one real Redis, each with its own local share, taking turns for one client:
 * together they never let the client past its limit, and neither holds back more than one lease.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@RealInfrastructure(redis = true)
class LocalSharesAcrossInstancesIT {

    @Autowired
    ReactiveStringRedisTemplate redis;

    @Autowired
    CircuitBreakerRegistry breakers;

    @Autowired
    RateLimitSettings settings;

    final MutableClock clock = new MutableClock(Instant.parse("2026-12-05T10:00:00Z"));

    /** Both scripts hand out leases. An hour's period: nothing refills or slides out while the test runs. */
    @ParameterizedTest
    @EnumSource(RateLimitPolicy.Algorithm.class)
    void twoInstancesTogetherNeverLetAClientPastItsLimit(RateLimitPolicy.Algorithm algorithm) {
        RateLimitPolicy hundredAnHour = new RateLimitPolicy(algorithm, 100, Duration.ofHours(1), null);
        EdgeRateLimiter first = instance();
        EdgeRateLimiter second = instance();
        String client = "user:" + UUID.randomUUID() + ":inventory";

        int allowed = 0;
        for (int i = 0; i < 150; i++) {
            EdgeRateLimiter instance = i % 2 == 0 ? first : second;
            if (instance.check(client, hundredAnHour).block().allowed()) {
                allowed++;
            }
        }

        assertThat(allowed)
                .as("every permit was taken from the shared bucket first")
                .isLessThanOrEqualTo(100)
                .as("at most one lease (a tenth of the capacity) held back by the other instance")
                .isGreaterThanOrEqualTo(90);
    }

    /**
     * A client that pauses longer than a lease time leaves unspent leased permits behind; each instance gives them
     * back with its next request for that client, so the client still gets its whole limit, exactly.
     */
    @ParameterizedTest
    @EnumSource(RateLimitPolicy.Algorithm.class)
    void permitsLeftInExpiredLeasesGoBackSoAClientThatPausesGetsItsWholeLimit(RateLimitPolicy.Algorithm algorithm) {
        RateLimitPolicy hundredAnHour = new RateLimitPolicy(algorithm, 100, Duration.ofHours(1), null);
        EdgeRateLimiter first = instance();
        EdgeRateLimiter second = instance();
        String client = "user:" + UUID.randomUUID() + ":inventory";

        int allowed = 0;
        for (int burst = 0; burst < 30; burst++) {
            // A burst of 9 grows the leases past what the next burst, of 3, spends; each pause ends them.
            for (int i = 0; i < (burst % 2 == 0 ? 9 : 3); i++) {
                EdgeRateLimiter instance = i % 2 == 0 ? first : second;
                if (instance.check(client, hundredAnHour).block().allowed()) {
                    allowed++;
                }
            }
            clock.advance(Duration.ofMillis(150));
        }

        assertThat(allowed).as("180 requests against a limit of 100").isEqualTo(100);
    }

    private EdgeRateLimiter instance() {
        return new EdgeRateLimiter(
                redis,
                breakers.circuitBreaker(EdgeRateLimiter.STORE_BREAKER),
                settings.storeTimeout(),
                clock,
                new SimpleMeterRegistry(),
                settings.keyPrefix(),
                new LocalShares(clock, 0.1, Duration.ofMillis(100), 1_000));
    }
}
