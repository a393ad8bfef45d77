package dev.patternshop.gateway.routing;

import dev.patternshop.gateway.problem.ProblemResponses;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * What every response from the edge carries, and the body size the edge accepts: security headers for
 * a JSON API (no sniffing, no framing, no referrer), and a 413 problem for a declared body over the limit,
 * answered before a byte of it is forwarded. The services enforce their own limit too (chunked bodies).
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
public class EdgeHeadersFilter implements WebFilter {

    private final long maxBodyBytes;

    public EdgeHeadersFilter(@Value("${gateway.max-request-body:64KB}") DataSize maxBody) {
        this.maxBodyBytes = maxBody.toBytes();
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        HttpHeaders headers = exchange.getResponse().getHeaders();
        headers.set("X-Content-Type-Options", "nosniff");
        headers.set("X-Frame-Options", "DENY");
        headers.set("Referrer-Policy", "no-referrer");
        headers.set("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'");
        if (exchange.getRequest().getHeaders().getContentLength() > maxBodyBytes) {
            return ProblemResponses.write(exchange, HttpStatus.CONTENT_TOO_LARGE,
                    "The request body is larger than " + maxBodyBytes + " bytes.");
        }
        return chain.filter(exchange);
    }
}
