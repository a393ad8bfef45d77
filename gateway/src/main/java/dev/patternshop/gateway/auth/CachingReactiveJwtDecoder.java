package dev.patternshop.gateway.auth;

import dev.patternshop.servicedefaults.security.VerifiedTokenCache;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import reactor.core.publisher.Mono;

/** A {@link ReactiveJwtDecoder} that verifies each token once while it is valid ({@link VerifiedTokenCache}). */
final class CachingReactiveJwtDecoder implements ReactiveJwtDecoder {

    private final ReactiveJwtDecoder decoder;
    private final VerifiedTokenCache cache;

    CachingReactiveJwtDecoder(ReactiveJwtDecoder decoder, VerifiedTokenCache cache) {
        this.decoder = decoder;
        this.cache = cache;
    }

    @Override
    public Mono<Jwt> decode(String token) {
        return cache.find(token)
                .map(Mono::just)
                .orElseGet(() -> decoder.decode(token).doOnNext(jwt -> cache.remember(token, jwt)));
    }
}
