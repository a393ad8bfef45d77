package dev.patternshop.gateway.routing;

import dev.patternshop.gateway.problem.ProblemResponses;
import java.util.regex.Pattern;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * A service's actuator is for operators, not for the internet: through the gateway only its health
 * ({@code /api/<service>/actuator/health/**}) is reachable; metrics, env and the rest answer 404, as if
 * they did not exist. Prometheus scrapes the services directly. (Admin endpoints are reachable, with the
 * ADMIN role: see {@code EdgeSecurityConfiguration}.)
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
public class InternalEndpointsFilter implements WebFilter {

    private static final Pattern SERVICE_ACTUATOR = Pattern.compile("^/api/[^/]+/actuator(/.*)?$");
    private static final Pattern SERVICE_HEALTH = Pattern.compile("^/api/[^/]+/actuator/health(/.*)?$");

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String path = exchange.getRequest().getPath().value();
        boolean operatorOnly = SERVICE_ACTUATOR.matcher(path).matches() && !SERVICE_HEALTH.matcher(path).matches();
        if (operatorOnly) {
            return ProblemResponses.write(exchange, HttpStatus.NOT_FOUND, "No resource at " + path + ".");
        }
        return chain.filter(exchange);
    }
}
