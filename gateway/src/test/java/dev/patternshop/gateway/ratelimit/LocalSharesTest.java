package dev.patternshop.gateway.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patternshop.gateway.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The local share's arithmetic; GatewayRateLimitIT shows it against Redis's scripts. */
class LocalSharesTest {

    static final RateLimitPolicy HUNDRED_PER_SECOND =
            new RateLimitPolicy(RateLimitPolicy.Algorithm.TOKEN_BUCKET, 100, Duration.ofSeconds(1), null);
    static final String KEY = "user:alice:catalog";

    final MutableClock clock = new MutableClock(Instant.parse("2026-12-05T10:00:00Z"));
    final LocalShares shares = new LocalShares(clock, 0.1, Duration.ofMillis(100), 1_000);

    @Test
    void aNewClientTakesOnePermitAndIsDecidedByTheStore() {
        assertThat(shares.tryLocally(KEY, HUNDRED_PER_SECOND)).isNull();
        assertThat(shares.request(KEY, HUNDRED_PER_SECOND).wanted()).isEqualTo(1);
    }

    @Test
    void leasedPermitsAreSpentLocallyWithTheStoresRemainingPlusTheirOwn() {
        RateLimitDecision first = shares.leased(KEY, HUNDRED_PER_SECOND, 4, 90, Duration.ZERO);

        assertThat(first.allowed()).isTrue();
        assertThat(first.remaining()).isEqualTo(93);
        assertThat(shares.tryLocally(KEY, HUNDRED_PER_SECOND).remaining()).isEqualTo(92);
        assertThat(shares.tryLocally(KEY, HUNDRED_PER_SECOND).remaining()).isEqualTo(91);
        assertThat(shares.tryLocally(KEY, HUNDRED_PER_SECOND).remaining()).isEqualTo(90);
        assertThat(shares.tryLocally(KEY, HUNDRED_PER_SECOND))
                .as("four permits, four requests")
                .isNull();
    }

    @Test
    void aLeaseIsWhatTheClientUsedInTheLastLeaseTimeUpToTheMaximumFraction() {
        long wanted = 1;
        for (long expected : new long[] {1, 2, 4, 8, 10, 10}) {
            shares.leased(KEY, HUNDRED_PER_SECOND, wanted, 50, Duration.ZERO);
            while (shares.tryLocally(KEY, HUNDRED_PER_SECOND) != null) {}
            wanted = shares.request(KEY, HUNDRED_PER_SECOND).wanted();
            assertThat(wanted).isEqualTo(expected);
        }
    }

    @Test
    void whileOneLeaseIsOnItsWayOtherRequestsAskForOnePermit() {
        shares.leased(KEY, HUNDRED_PER_SECOND, 4, 90, Duration.ZERO);
        while (shares.tryLocally(KEY, HUNDRED_PER_SECOND) != null) {}

        assertThat(shares.request(KEY, HUNDRED_PER_SECOND).wanted()).isEqualTo(4);
        assertThat(shares.request(KEY, HUNDRED_PER_SECOND).wanted())
                .as("the lease of 4 has not come back")
                .isEqualTo(1);

        shares.leased(KEY, HUNDRED_PER_SECOND, 4, 86, Duration.ZERO);
        while (shares.tryLocally(KEY, HUNDRED_PER_SECOND) != null) {}
        assertThat(shares.request(KEY, HUNDRED_PER_SECOND).wanted()).isEqualTo(8);
    }

    @Test
    void nearTheLimitALeaseIsAtMostHalfOfWhatTheStoreHasLeft() {
        shares.leased(KEY, HUNDRED_PER_SECOND, 8, 9, Duration.ZERO);
        while (shares.tryLocally(KEY, HUNDRED_PER_SECOND) != null) {}
        assertThat(shares.request(KEY, HUNDRED_PER_SECOND).wanted()).isEqualTo(4);

        shares.leased(KEY, HUNDRED_PER_SECOND, 4, 1, Duration.ZERO);
        while (shares.tryLocally(KEY, HUNDRED_PER_SECOND) != null) {}
        assertThat(shares.request(KEY, HUNDRED_PER_SECOND).wanted())
                .as("one left: asked for one by one")
                .isEqualTo(1);
    }

    @Test
    void anExpiredLeaseDropsItsPermitsAndShrinksTheNextToWhatWasUsed() {
        shares.leased(KEY, HUNDRED_PER_SECOND, 8, 50, Duration.ZERO);
        shares.tryLocally(KEY, HUNDRED_PER_SECOND);
        shares.tryLocally(KEY, HUNDRED_PER_SECOND);

        clock.advance(Duration.ofMillis(100));

        assertThat(shares.tryLocally(KEY, HUNDRED_PER_SECOND))
                .as("the lease has expired")
                .isNull();
        assertThat(shares.request(KEY, HUNDRED_PER_SECOND).wanted())
                .as("three were used")
                .isEqualTo(3);
    }

    @Test
    void anExpiredLeasesUnspentPermitsGoBackWithTheNextRequestToTheStoreOnce() {
        shares.leased(KEY, HUNDRED_PER_SECOND, 8, 50, Duration.ZERO);
        long leasedAt = clock.millis();
        shares.tryLocally(KEY, HUNDRED_PER_SECOND);
        shares.tryLocally(KEY, HUNDRED_PER_SECOND);

        assertThat(shares.request(KEY, HUNDRED_PER_SECOND).givenBack())
                .as("a current lease keeps its permits")
                .isZero();
        clock.advance(Duration.ofMillis(100));

        LocalShares.LeaseRequest next = shares.request(KEY, HUNDRED_PER_SECOND);
        assertThat(next.givenBack()).as("8 leased, 3 spent").isEqualTo(5);
        assertThat(next.givenBackLeasedAt()).isEqualTo(leasedAt);
        assertThat(shares.request(KEY, HUNDRED_PER_SECOND).givenBack())
                .as("given back once")
                .isZero();
    }

    @Test
    void aRefusalIsRememberedUntilItsRetryAfterAndNoLonger() {
        RateLimitDecision refused = shares.leased(KEY, HUNDRED_PER_SECOND, 0, 0, Duration.ofMillis(30));
        assertThat(refused.allowed()).isFalse();

        clock.advance(Duration.ofMillis(20));
        RateLimitDecision remembered = shares.tryLocally(KEY, HUNDRED_PER_SECOND);
        assertThat(remembered.allowed()).isFalse();
        assertThat(remembered.retryAfter()).isEqualTo(Duration.ofMillis(10));

        clock.advance(Duration.ofMillis(10));
        assertThat(shares.tryLocally(KEY, HUNDRED_PER_SECOND))
                .as("the store may have a permit again")
                .isNull();
    }

    @Test
    void aSmallCapacityIsAlwaysAskedOnePermitAtATime() {
        RateLimitPolicy login =
                new RateLimitPolicy(RateLimitPolicy.Algorithm.TOKEN_BUCKET, 9, Duration.ofSeconds(1), 2L);
        shares.leased(KEY, login, 1, 8, Duration.ZERO);

        assertThat(shares.request(KEY, login).wanted()).isEqualTo(1);
        assertThat(shares.tryLocally(KEY, login)).isNull();
    }

    @Test
    void aClockThatStepsBackEndsTheLease() {
        shares.leased(KEY, HUNDRED_PER_SECOND, 5, 50, Duration.ZERO);
        clock.advance(Duration.ofMillis(-1));

        assertThat(shares.tryLocally(KEY, HUNDRED_PER_SECOND)).isNull();
    }

    @Test
    void pastItsBoundTheOldestExpiredSharesAreDropped() {
        LocalShares few = new LocalShares(clock, 0.1, Duration.ofMillis(100), 2);
        few.leased("a", HUNDRED_PER_SECOND, 5, 50, Duration.ZERO);
        clock.advance(Duration.ofMillis(200));
        few.leased("b", HUNDRED_PER_SECOND, 5, 50, Duration.ZERO);
        few.leased("c", HUNDRED_PER_SECOND, 5, 50, Duration.ZERO);

        assertThat(few.tryLocally("b", HUNDRED_PER_SECOND))
                .as("b's lease is current")
                .isNotNull();
        assertThat(few.tryLocally("c", HUNDRED_PER_SECOND)).isNotNull();
        assertThat(few.request("a", HUNDRED_PER_SECOND).wanted())
                .as("a was forgotten: a new client again")
                .isEqualTo(1);
    }
}
