package dev.patternshop.gateway.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.RSAKey;
import dev.patternshop.gateway.problem.ProblemResponses;
import dev.patternshop.gateway.routing.DocsPaths;
import dev.patternshop.gateway.routing.EdgePaths;
import dev.patternshop.servicedefaults.security.TokenContract;
import dev.patternshop.servicedefaults.security.VerifiedTokenCache;
import java.time.Clock;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.ReactiveJwtAuthenticationConverterAdapter;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.authorization.ServerAccessDeniedHandler;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.firewall.ServerExchangeRejectedHandler;
import org.springframework.security.web.server.firewall.ServerWebExchangeFirewall;
import org.springframework.security.web.server.util.matcher.PathPatternParserServerWebExchangeMatcher;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Authentication offloaded to the edge: the gateway issues tokens and refuses requests without a valid one
 * (401) or without the role a path needs (403) before they cost a service anything. The services check the
 * same token again ({@code service-defaults}), so the edge is a first line, not the only one.
 *
 * <p>Every rule sees the canonical path ({@code CanonicalPathFilter} runs first). Open: the token endpoint, the
 * JWKS, health, CORS preflights, GET/HEAD on {@code gateway.auth.public-read-paths} (browsing) and on the API docs
 * ({@link DocsPaths}: the UI, the gateway's own description, each service's through its route); the gateway's
 * own info and Prometheus endpoints (for the scraper; they answer on the management port only). {@code /api/<service>/admin/**} and the gateway's other actuator endpoints: ADMIN. The rest: any
 * valid token.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebFluxSecurity
@EnableConfigurationProperties(AuthSettings.class)
class EdgeSecurityConfiguration {

    @Bean
    RSAKey signingKey(AuthSettings settings) {
        return SigningKeyStore.loadOrCreate(settings.signingKeyFile());
    }

    @Bean
    Accounts accounts(AuthSettings settings) {
        return new Accounts(settings);
    }

    /** On the system clock, which every token validator checks against too. */
    @Bean
    TokenIssuer tokenIssuer(RSAKey signingKey, AuthSettings settings) {
        return new TokenIssuer(signingKey, settings.tokenTimeToLive(), Clock.systemUTC());
    }

    @Bean
    UntrustedHeadersFilter untrustedHeadersFilter(AuthSettings settings) {
        return new UntrustedHeadersFilter(settings.untrustedRequestHeaders());
    }

    /** The edge knows its own key: no JWKS round trip. Each token is verified once while it is valid. */
    @Bean
    ReactiveJwtDecoder jwtDecoder(RSAKey signingKey, AuthSettings settings) throws JOSEException {
        NimbusReactiveJwtDecoder decoder = NimbusReactiveJwtDecoder.withPublicKey(signingKey.toRSAPublicKey())
                .signatureAlgorithm(SignatureAlgorithm.RS256)
                .build();
        decoder.setJwtValidator(TokenContract.validator());
        return new CachingReactiveJwtDecoder(
                decoder,
                new VerifiedTokenCache(
                        settings.verifiedTokenCacheSize(), TokenContract.validator(), Clock.systemUTC()));
    }

    /** Spring Security's strict firewall, its header checks without regular expressions. */
    @Bean
    ServerWebExchangeFirewall firewall() {
        return EdgeFirewall.strict();
    }

    /**
     * What the firewall refuses (a method it does not know, such as {@code BREW}; a header it does not accept) as
     * problem+json: Spring's default answers an empty 400. The firewall's own message is not repeated (it may quote
     * the request).
     */
    @Bean
    ServerExchangeRejectedHandler firewallRejections() {
        return (exchange, rejected) -> ProblemResponses.write(
                exchange,
                HttpStatus.BAD_REQUEST,
                "The request is refused: its method is not one the edge serves, or a header or the path holds"
                        + " characters the edge does not accept.");
    }

    @Bean
    SecurityWebFilterChain edgeSecurity(ServerHttpSecurity http, ReactiveJwtDecoder decoder, AuthSettings settings) {
        String[] publicReads = settings.publicReadPaths().toArray(String[]::new);
        String[] docs = DocsPaths.PUBLIC.toArray(String[]::new);
        return http.csrf(ServerHttpSecurity.CsrfSpec::disable)
                .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
                .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
                .logout(ServerHttpSecurity.LogoutSpec::disable)
                .requestCache(ServerHttpSecurity.RequestCacheSpec::disable)
                .securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
                // EdgeHeadersFilter writes the security headers for every response, including these 401s.
                .headers(ServerHttpSecurity.HeaderSpec::disable)
                .authorizeExchange(exchanges -> exchanges
                        .pathMatchers(HttpMethod.OPTIONS)
                        .permitAll()
                        .pathMatchers(HttpMethod.POST, "/auth/token")
                        .permitAll()
                        .pathMatchers(HttpMethod.GET, "/.well-known/jwks.json")
                        .permitAll()
                        .pathMatchers(
                                "/actuator/health",
                                "/actuator/health/**",
                                "/actuator/info",
                                "/actuator/prometheus",
                                "/api/*/actuator/health",
                                "/api/*/actuator/health/**")
                        .permitAll()
                        .pathMatchers("/actuator/**")
                        .hasRole(TokenContract.ADMIN)
                        // Case-insensitive (EdgePaths): the admin rule matches every spelling the router could forward.
                        .matchers(
                                new PathPatternParserServerWebExchangeMatcher(EdgePaths.pattern("/api/*/admin")),
                                new PathPatternParserServerWebExchangeMatcher(EdgePaths.pattern("/api/*/admin/**")))
                        .hasRole(TokenContract.ADMIN)
                        .pathMatchers(HttpMethod.GET, publicReads)
                        .permitAll()
                        .pathMatchers(HttpMethod.HEAD, publicReads)
                        .permitAll()
                        .pathMatchers(HttpMethod.GET, docs)
                        .permitAll()
                        .pathMatchers(HttpMethod.HEAD, docs)
                        .permitAll()
                        .anyExchange()
                        .authenticated())
                .oauth2ResourceServer(resourceServer -> resourceServer
                        .bearerTokenConverter(new BearerTokenConverter())
                        .jwt(jwt -> jwt.jwtDecoder(decoder)
                                .jwtAuthenticationConverter(new ReactiveJwtAuthenticationConverterAdapter(
                                        TokenContract.authenticationConverter())))
                        .authenticationEntryPoint(EdgeSecurityConfiguration::unauthorized)
                        .accessDeniedHandler(forbidden()))
                .exceptionHandling(exceptions -> exceptions
                        .authenticationEntryPoint(EdgeSecurityConfiguration::unauthorized)
                        .accessDeniedHandler(forbidden()))
                .build();
    }

    /** RFC 6750: a bad token says {@code invalid_token}; why it was bad (expired, forged) stays in our logs. */
    private static Mono<Void> unauthorized(ServerWebExchange exchange, AuthenticationException e) {
        exchange.getResponse()
                .getHeaders()
                .set(
                        HttpHeaders.WWW_AUTHENTICATE,
                        e instanceof OAuth2AuthenticationException ? "Bearer error=\"invalid_token\"" : "Bearer");
        return ProblemResponses.write(
                exchange, HttpStatus.UNAUTHORIZED, "A valid bearer token is required: POST /auth/token issues one.");
    }

    private static ServerAccessDeniedHandler forbidden() {
        return (exchange, denied) -> {
            exchange.getResponse()
                    .getHeaders()
                    .set(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"insufficient_scope\"");
            return ProblemResponses.write(exchange, HttpStatus.FORBIDDEN, "Your token does not grant this operation.");
        };
    }
}
