package dev.patternshop.gateway.auth;

import org.springframework.http.HttpHeaders;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.BearerTokenErrors;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.security.web.server.authentication.ServerAuthenticationConverter;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * The bearer token of a request ({@code Authorization: Bearer <b64token>}, RFC 6750 section 2.1), read with a loop
 * over its characters. Spring Security's converter matches a case-insensitive regular expression against the whole
 * header, which was the edge's largest single cost after the token's signature (a JFR profile, docs/benchmarks.md).
 * It accepts and refuses exactly what Spring's does ({@code BearerTokenConverterTest} compares the two); the query
 * parameter and form field forms stay off, as they are by default.
 */
final class BearerTokenConverter implements ServerAuthenticationConverter {

    private static final String SCHEME = "Bearer";

    @Override
    public Mono<Authentication> convert(ServerWebExchange exchange) {
        return Mono.fromCallable(() -> token(exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION)))
                .map(BearerTokenAuthenticationToken::new);
    }

    /** The token, null when the header is absent or names another scheme; malformed bearer credentials are a 401. */
    static String token(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            return null;
        }
        int start = SCHEME.length() + 1;
        int end = authorization.length();
        if (end <= start || authorization.charAt(SCHEME.length()) != ' ') {
            throw malformed();
        }
        int i = start;
        while (i < end && isTokenCharacter(authorization.charAt(i))) {
            i++;
        }
        if (i == start) {
            throw malformed();
        }
        while (i < end && authorization.charAt(i) == '=') {
            i++;
        }
        if (i != end) {
            throw malformed();
        }
        return authorization.substring(start);
    }

    /** b64token: ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" (then "=" padding). */
    private static boolean isTokenCharacter(char c) {
        return (c >= 'a' && c <= 'z')
                || (c >= 'A' && c <= 'Z')
                || (c >= '0' && c <= '9')
                || c == '-'
                || c == '.'
                || c == '_'
                || c == '~'
                || c == '+'
                || c == '/';
    }

    private static OAuth2AuthenticationException malformed() {
        return new OAuth2AuthenticationException(BearerTokenErrors.invalidToken("Bearer token is malformed"));
    }
}
