package dev.patternshop.servicedefaults.security;

import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;

/** A {@link JwtDecoder} that verifies each token once while it is valid ({@link VerifiedTokenCache}). */
public final class CachingJwtDecoder implements JwtDecoder {

    private final JwtDecoder decoder;
    private final VerifiedTokenCache cache;

    public CachingJwtDecoder(JwtDecoder decoder, VerifiedTokenCache cache) {
        this.decoder = decoder;
        this.cache = cache;
    }

    @Override
    public Jwt decode(String token) {
        return cache.find(token).orElseGet(() -> {
            Jwt jwt = decoder.decode(token);
            cache.remember(token, jwt);
            return jwt;
        });
    }
}
