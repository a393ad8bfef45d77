package dev.patternshop.gateway.auth;

import dev.patternshop.gateway.routing.EdgeFilterOrder;
import java.util.List;
import java.util.Locale;
import org.springframework.core.annotation.Order;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Removes request headers that claim an identity ({@code X-User-Id}, {@code X-Customer-Id}, ...) before
 * anything reads them. Services take the caller only from the verified token, so these headers would be
 * harmless today; stripping them keeps a future shortcut ("just read X-User-Id") from becoming a hole.
 * Entries ending in {@code *} match a prefix; names are case-insensitive.
 */
@Order(EdgeFilterOrder.UNTRUSTED_HEADERS)
public class UntrustedHeadersFilter implements WebFilter {

    private final List<String> exactNames;
    private final List<String> prefixes;

    public UntrustedHeadersFilter(List<String> untrustedHeaders) {
        this.exactNames = untrustedHeaders.stream()
                .filter(name -> !name.endsWith("*"))
                .map(name -> name.toLowerCase(Locale.ROOT))
                .toList();
        this.prefixes = untrustedHeaders.stream()
                .filter(name -> name.endsWith("*"))
                .map(name -> name.substring(0, name.length() - 1).toLowerCase(Locale.ROOT))
                .toList();
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        List<String> present = exchange.getRequest().getHeaders().headerNames().stream()
                .filter(this::untrusted)
                .toList();
        if (present.isEmpty()) {
            return chain.filter(exchange);
        }
        ServerHttpRequest stripped = exchange.getRequest()
                .mutate()
                .headers(headers -> present.forEach(headers::remove))
                .build();
        return chain.filter(exchange.mutate().request(stripped).build());
    }

    boolean untrusted(String headerName) {
        String name = headerName.toLowerCase(Locale.ROOT);
        return exactNames.contains(name) || prefixes.stream().anyMatch(name::startsWith);
    }
}
