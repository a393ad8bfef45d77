package dev.patternshop.gateway.routing;

import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/** Path rules at the edge match like the router (path patterns on decoded segments), but ignoring case. */
public final class EdgePaths {

    private static final PathPatternParser CASE_INSENSITIVE = new PathPatternParser();

    static {
        CASE_INSENSITIVE.setCaseSensitive(false);
    }

    private EdgePaths() {}

    public static PathPattern pattern(String pattern) {
        return CASE_INSENSITIVE.parse(pattern);
    }

    public static boolean matches(PathPattern pattern, ServerWebExchange exchange) {
        return pattern.matches(exchange.getRequest().getPath().pathWithinApplication());
    }
}
