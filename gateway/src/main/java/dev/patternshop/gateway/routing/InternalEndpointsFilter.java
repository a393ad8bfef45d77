package dev.patternshop.gateway.routing;

import dev.patternshop.gateway.problem.ProblemResponses;
import dev.patternshop.servicedefaults.ProblemJson;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.PathContainer;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import org.springframework.web.util.pattern.PathPattern;
import reactor.core.publisher.Mono;

/**
 * A service's actuator is for operators, not for the internet: through the gateway only its health
 * ({@code /api/<service>/actuator/health/**}) is reachable; metrics, env and the rest answer 404, as if
 * they did not exist. Prometheus scrapes the services directly. (Admin endpoints are reachable, with the
 * ADMIN role: see {@code EdgeSecurityConfiguration}.)
 *
 * <p>Decided on the canonical path ({@link CanonicalPathFilter} runs first) with path patterns, as the router
 * and the security rules match, and case-insensitively: a rule that blocks may match more spellings than the
 * router, never fewer.
 */
@Component
@Order(EdgeFilterOrder.INTERNAL_ENDPOINTS)
public class InternalEndpointsFilter implements WebFilter {

    private static final PathPattern SERVICE_ACTUATOR = EdgePaths.pattern("/api/*/actuator/**");
    private static final PathPattern SERVICE_HEALTH = EdgePaths.pattern("/api/*/actuator/health/**");

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        PathContainer path = exchange.getRequest().getPath().pathWithinApplication();
        if (SERVICE_ACTUATOR.matches(path) && !SERVICE_HEALTH.matches(path)) {
            return ProblemResponses.write(exchange, HttpStatus.NOT_FOUND, ProblemJson.NOT_FOUND_DETAIL);
        }
        return chain.filter(exchange);
    }
}
