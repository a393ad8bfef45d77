package dev.patternshop.gateway.routing;

import java.util.List;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import org.springframework.web.util.pattern.PathPattern;
import reactor.core.publisher.Mono;

/**
 * What every response from the edge carries: security headers for a JSON API (no sniffing, no framing, no
 * referrer, no content of any kind loaded by a browser). The docs UI ({@link DocsPaths#UI}) is the one HTML page:
 * it may load its own scripts, styles and images and call the gateway, nothing from elsewhere.
 * (Body limits: {@link RequestBodyLimitFilter}.)
 */
@Component
@Order(EdgeFilterOrder.SECURITY_HEADERS)
public class EdgeHeadersFilter implements WebFilter {

    static final String API_POLICY = "default-src 'none'; frame-ancestors 'none'";
    // Swagger UI sets inline styles (React) and uses data: images in its CSS; its scripts are files of its own.
    static final String DOCS_UI_POLICY = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
            + "img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

    private static final List<PathPattern> DOCS_UI =
            DocsPaths.UI.stream().map(EdgePaths::pattern).toList();

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        HttpHeaders headers = exchange.getResponse().getHeaders();
        headers.set("X-Content-Type-Options", "nosniff");
        headers.set("X-Frame-Options", "DENY");
        headers.set("Referrer-Policy", "no-referrer");
        headers.set(
                "Content-Security-Policy",
                DOCS_UI.stream().anyMatch(ui -> EdgePaths.matches(ui, exchange)) ? DOCS_UI_POLICY : API_POLICY);
        return chain.filter(exchange);
    }
}
