package dev.patternshop.servicedefaults.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.JwtValidationException;

class VerifiedTokenCacheTest {

    static final Instant NOW = Instant.parse("2026-12-05T10:00:00Z");

    final MovableClock clock = new MovableClock(NOW);
    final JwtTimestampValidator expiry = timestamps(clock);
    final VerifyingDecoder verifier = new VerifyingDecoder(expiry);

    @Test
    void aTokenIsVerifiedOnceAndServedFromTheCacheWhileItIsValid() {
        JwtDecoder decoder = new CachingJwtDecoder(verifier, new VerifiedTokenCache(10, expiry, clock));

        Jwt first = decoder.decode("token-a");
        Jwt again = decoder.decode("token-a");

        assertThat(again).isSameAs(first);
        assertThat(verifier.verified).containsExactly("token-a");
    }

    @Test
    void aTokenThatDiffersInAnyByteIsVerifiedInFull() {
        JwtDecoder decoder = new CachingJwtDecoder(verifier, new VerifiedTokenCache(10, expiry, clock));
        decoder.decode("token-a");

        assertThatThrownBy(() -> decoder.decode("token-a-forged")).isInstanceOf(BadJwtException.class);
        assertThat(verifier.verified).containsExactly("token-a", "token-a-forged");
    }

    @Test
    void aCachedTokenIsRefusedOnceItHasExpiredExactlyAsWithoutTheCache() {
        JwtDecoder decoder = new CachingJwtDecoder(verifier, new VerifiedTokenCache(10, expiry, clock));
        decoder.decode("token-a");

        // JwtTimestampValidator allows 60 s of clock skew: the token expires at NOW + 15 min.
        clock.set(NOW.plus(Duration.ofMinutes(16)).plusSeconds(1));

        assertThatThrownBy(() -> decoder.decode("token-a")).isInstanceOf(JwtValidationException.class);
        assertThat(verifier.verified).containsExactly("token-a", "token-a");
    }

    @Test
    void theCacheNeverHoldsMoreThanItsBoundAndDropsExpiredTokensFirst() {
        VerifiedTokenCache cache = new VerifiedTokenCache(3, expiry, clock);
        cache.remember("old", jwt("old", NOW.minus(Duration.ofMinutes(30))));
        cache.remember("b", jwt("b", NOW));
        cache.remember("c", jwt("c", NOW));

        cache.remember("d", jwt("d", NOW));

        assertThat(cache.size()).isEqualTo(3);
        assertThat(cache.find("old")).isEmpty();
        assertThat(cache.find("b")).isPresent();
        assertThat(cache.find("d")).isPresent();

        cache.remember("e", jwt("e", NOW));
        assertThat(cache.size()).isLessThanOrEqualTo(3);
        assertThat(cache.find("e")).isPresent();
    }

    @Test
    void sizeZeroTurnsTheCacheOff() {
        JwtDecoder decoder = new CachingJwtDecoder(verifier, new VerifiedTokenCache(0, expiry, clock));

        decoder.decode("token-a");
        decoder.decode("token-a");

        assertThat(verifier.verified).containsExactly("token-a", "token-a");
    }

    private static Jwt jwt(String token, Instant issuedAt) {
        return Jwt.withTokenValue(token)
                .header("alg", "RS256")
                .subject("customer-1")
                .issuedAt(issuedAt)
                .expiresAt(issuedAt.plus(Duration.ofMinutes(15)))
                .build();
    }

    private static JwtTimestampValidator timestamps(Clock clock) {
        JwtTimestampValidator validator = new JwtTimestampValidator();
        validator.setClock(clock);
        return validator;
    }

    /** Stands in for the signature check: tokens starting "token-" and not ending "-forged" verify; all are counted. */
    static final class VerifyingDecoder implements JwtDecoder {
        final List<String> verified = new ArrayList<>();
        final JwtTimestampValidator validator;

        VerifyingDecoder(JwtTimestampValidator validator) {
            this.validator = validator;
        }

        @Override
        public Jwt decode(String token) {
            verified.add(token);
            if (token.endsWith("-forged")) {
                throw new BadJwtException("signature does not match");
            }
            Jwt jwt = jwt(token, NOW);
            var result = validator.validate(jwt);
            if (result.hasErrors()) {
                throw new JwtValidationException("invalid", result.getErrors());
            }
            return jwt;
        }
    }

    static final class MovableClock extends Clock {
        private Instant now;

        MovableClock(Instant now) {
            this.now = now;
        }

        void set(Instant instant) {
            now = instant;
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
