package dev.patternshop.gateway.routing;

import org.springframework.core.Ordered;

/**
 * The order of the edge's own web filters, in one place, all before Spring Security's (order -100). The path
 * is made canonical before any rule looks at it, so every rule and the router decide on the same path.
 */
public final class EdgeFilterOrder {

    public static final int SECURITY_HEADERS = Ordered.HIGHEST_PRECEDENCE;
    public static final int CANONICAL_PATH = Ordered.HIGHEST_PRECEDENCE + 1;
    public static final int INTERNAL_ENDPOINTS = Ordered.HIGHEST_PRECEDENCE + 2;
    public static final int BODY_LIMIT = Ordered.HIGHEST_PRECEDENCE + 3;
    public static final int UNTRUSTED_HEADERS = Ordered.HIGHEST_PRECEDENCE + 4;
    public static final int LOGIN_LIMIT = Ordered.HIGHEST_PRECEDENCE + 5;
    /** Spring Security's WebFilterChainProxy runs at -100. */
    public static final int AFTER_SECURITY = 0;

    private EdgeFilterOrder() {}
}
