package dev.patternshop.gateway.routing;

import dev.patternshop.gateway.problem.ProblemResponses;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Rewrites every request to its {@link CanonicalPath} before any other rule, the security rules or the router
 * look at it, and forwards that spelling to the services; a path that has none (encoded slashes, dot segments,
 * control characters, ...) and a query string with an encoded control character are a 400 problem, instead
 * of reaching a service whose container would interpret them its own way.
 */
@Component
@Order(EdgeFilterOrder.CANONICAL_PATH)
public class CanonicalPathFilter implements WebFilter {

    private static final Pattern ENCODED_CONTROL = Pattern.compile("%(?:[01][0-9a-fA-F]|7[fF])");

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String rawPath = exchange.getRequest().getURI().getRawPath();
        String rawQuery = exchange.getRequest().getURI().getRawQuery();
        Optional<String> canonical = CanonicalPath.of(rawPath == null || rawPath.isEmpty() ? "/" : rawPath);
        if (canonical.isEmpty()) {
            return ProblemResponses.write(
                    exchange,
                    HttpStatus.BAD_REQUEST,
                    "The path is not accepted: it contains an "
                            + "encoded slash or backslash, a dot segment, a control character, a path parameter (;), a broken escape or escaped bytes that are not UTF-8.");
        }
        if (rawQuery != null && ENCODED_CONTROL.matcher(rawQuery).find()) {
            return ProblemResponses.write(
                    exchange, HttpStatus.BAD_REQUEST, "The query string contains a control character.");
        }
        if (canonical.get().equals(rawPath)) {
            return chain.filter(exchange);
        }
        return chain.filter(exchange.mutate()
                .request(exchange.getRequest().mutate().path(canonical.get()).build())
                .build());
    }
}
