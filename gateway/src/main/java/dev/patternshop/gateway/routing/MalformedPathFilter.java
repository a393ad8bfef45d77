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
 * Rejects paths carrying encoded control characters or encoded slashes at the edge with a 400 problem,
 * instead of passing them to a service whose servlet container would answer its own HTML error page
 * (or, worse, interpret them).
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
public class MalformedPathFilter implements WebFilter {

    private static final Pattern ENCODED_CONTROL_OR_SEPARATOR =
            Pattern.compile("%(?:[01][0-9a-fA-F]|7[fF]|2[fF]|5[cC])");

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String rawPath = exchange.getRequest().getURI().getRawPath();
        if (rawPath != null && ENCODED_CONTROL_OR_SEPARATOR.matcher(rawPath).find()) {
            return ProblemResponses.write(exchange, HttpStatus.BAD_REQUEST,
                    "The path contains an encoded control character, slash or backslash.");
        }
        return chain.filter(exchange);
    }
}
