package dev.patternshop.servicedefaults.security;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * Tokens whose signature has been verified already, kept until they expire. Verifying an RS256 signature was the
 * largest single cost of a request at the edge and again in every service, and a client sends the same token with
 * every request for its whole lifetime.
 *
 * <p>Only what a successful decode returned goes in, keyed by the whole token: a token that differs in any byte
 * (a forged signature, an edited claim) is another key and is verified in full. Every hit is validated again
 * (expiry, not-before, issuer, audience), so the time rules hold exactly as without the cache; a hit that fails is
 * dropped and the caller decodes the token again, which gives the decoder's own error. Bounded: when full, the
 * expired entries go, and if that frees nothing the cache starts again empty (only verified tokens get in, so no
 * client can fill it with junk). One consequence: after a signing-key rotation, a token verified under the old key
 * stays accepted until it expires (at most the tokens' lifetime).
 */
public final class VerifiedTokenCache {

    private final ConcurrentHashMap<String, Jwt> verified = new ConcurrentHashMap<>();
    private final int maxSize;
    private final OAuth2TokenValidator<Jwt> validator;
    private final Clock clock;

    public VerifiedTokenCache(int maxSize, OAuth2TokenValidator<Jwt> validator, Clock clock) {
        if (maxSize < 0) {
            throw new IllegalArgumentException("the verified-token cache size must not be negative");
        }
        this.maxSize = maxSize;
        this.validator = validator;
        this.clock = clock;
    }

    /** The verified token, if it is here and still valid now. */
    public Optional<Jwt> find(String token) {
        Jwt jwt = verified.get(token);
        if (jwt == null) {
            return Optional.empty();
        }
        if (validator.validate(jwt).hasErrors()) {
            verified.remove(token, jwt);
            return Optional.empty();
        }
        return Optional.of(jwt);
    }

    /** Remembers a token its decoder has just verified and validated. */
    public void remember(String token, Jwt jwt) {
        if (maxSize == 0 || jwt.getExpiresAt() == null) {
            return;
        }
        if (verified.size() >= maxSize) {
            Instant now = clock.instant();
            verified.values().removeIf(cached -> !cached.getExpiresAt().isAfter(now));
            if (verified.size() >= maxSize) {
                verified.clear();
            }
        }
        verified.put(token, jwt);
    }

    int size() {
        return verified.size();
    }
}
