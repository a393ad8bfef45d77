package dev.patternshop.gateway.routing;

import dev.patternshop.gateway.problem.ProblemResponses;
import dev.patternshop.servicedefaults.ProblemJson;
import dev.patternshop.servicedefaults.RetryAfter;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Where a route's circuit breaker sends a request it will not (or could not) forward: a 503 problem with
 * {@code Retry-After}, so clients back off instead of hammering a service that is down. Open breaker:
 * come back when it half-opens; timeout or failure: come back in a second. One endpoint for every route (the
 * default filters' {@code fallbackUri: forward:/fallback}): the route, whose id is also its breaker's name, is
 * still on the forwarded exchange.
 */
@RestController
class FallbackController {

    private static final Duration AFTER_FAILURE = Duration.ofSeconds(1);

    private final CircuitBreakerRegistry breakers;

    FallbackController(CircuitBreakerRegistry breakers) {
        this.breakers = breakers;
    }

    @RequestMapping("/fallback")
    Mono<Void> fallback(ServerWebExchange exchange) {
        Route forwardedFrom = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR);
        if (forwardedFrom == null) {
            // Asked directly, not forwarded by a breaker: there is no route to speak of.
            return ProblemResponses.write(exchange, HttpStatus.NOT_FOUND, ProblemJson.NOT_FOUND_DETAIL);
        }
        String route = forwardedFrom.getId();
        Throwable cause = exchange.getAttribute(ServerWebExchangeUtils.CIRCUITBREAKER_EXECUTION_EXCEPTION_ATTR);
        Duration retryAfter = AFTER_FAILURE;
        String detail;
        if (cause instanceof CallNotPermittedException) {
            retryAfter = Duration.ofMillis(breakers.circuitBreaker(route)
                    .getCircuitBreakerConfig()
                    .getWaitIntervalFunctionInOpenState()
                    .apply(1));
            detail = "The " + route + " service is failing; requests are paused to let it recover.";
        } else if (cause instanceof TimeoutException) {
            detail = "The " + route + " service did not answer in time.";
        } else {
            detail = "The " + route + " service is unavailable right now.";
        }
        long seconds = RetryAfter.seconds(retryAfter);
        exchange.getResponse().getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
        return ProblemResponses.write(
                exchange, HttpStatus.SERVICE_UNAVAILABLE, detail + " Retry after " + seconds + " s.");
    }
}
