package dev.patternshop.gateway.routing;

import java.util.List;

/**
 * The API documentation at the edge, public to read: the docs UI the gateway serves ({@code /docs} redirects to
 * springdoc's Swagger UI under {@code /swagger-ui/}), its config and the gateway's own description under
 * {@code /v3/api-docs}, and each service's description through its route ({@code /api/<service>/v3/api-docs}).
 * (springdoc's paths: {@code springdoc.*} in application.yml and patternshop-defaults.yml.)
 */
public final class DocsPaths {

    /** The UI's page and assets: they need a content security policy that lets its scripts and styles run. */
    public static final List<String> UI = List.of("/docs", "/swagger-ui/**");

    /** Answered by the gateway itself (not by a route): the UI, its config and the gateway's own description. */
    public static final List<String> ANSWERED_BY_THE_GATEWAY =
            List.of("/docs", "/swagger-ui/**", "/v3/api-docs", "/v3/api-docs/**");

    /** GET and HEAD without a token: the above and every service's description through its route. */
    public static final List<String> PUBLIC = List.of(
            "/docs",
            "/swagger-ui/**",
            "/v3/api-docs",
            "/v3/api-docs/**",
            "/api/*/v3/api-docs",
            "/api/*/v3/api-docs/**");

    private DocsPaths() {}
}
