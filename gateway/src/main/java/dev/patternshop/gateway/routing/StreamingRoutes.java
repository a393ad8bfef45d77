package dev.patternshop.gateway.routing;

import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.cloud.gateway.route.builder.RouteLocatorBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * Routes for long-lived streams, defined here rather than in application.yml on purpose: a route defined in code
 * does not get the YAML {@code default-filters}. Those suit a request that answers in a moment and would break a
 * stream: the circuit breaker's time limiter (resilience4j.timelimiter, 3 s) cuts any exchange that lasts longer,
 * and the retry could replay a request whose stream had started. What still applies, because it is not a route
 * filter: the token check (Spring Security), the untrusted-header and path rules (web filters), the rate limit on
 * connect ({@code RateLimitFilter}, a global filter, policy {@value #NOTIFICATION_STREAM}) and the load balancer.
 * The gateway writes {@code text/event-stream} through as it arrives, flushing each piece
 * ({@code spring.cloud.gateway.server.webflux.streaming-media-types}, which lists it by default): nothing is buffered.
 */
@Configuration(proxyBeanMethods = false)
class StreamingRoutes {

    /** The route id: the name of its rate-limit policy. */
    static final String NOTIFICATION_STREAM = "notifications-stream";

    /** Before the YAML routes (order 0), whose /api/notifications/** also matches the stream's path. */
    private static final int BEFORE_YAML_ROUTES = Ordered.HIGHEST_PRECEDENCE;

    /** /api/notifications: the prefix the service's other paths lose too. */
    private static final int PREFIX_PARTS = 2;

    @Bean
    RouteLocator streamingRouteLocator(RouteLocatorBuilder routes) {
        return routes.routes()
                .route(
                        NOTIFICATION_STREAM,
                        route -> route.order(BEFORE_YAML_ROUTES)
                                .path("/api/notifications/events/stream")
                                .filters(filters -> filters.stripPrefix(PREFIX_PARTS))
                                .uri("lb://notification-service"))
                .build();
    }
}
