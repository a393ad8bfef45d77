package dev.patternshop.servicedefaults.security;

import dev.patternshop.servicedefaults.ServletProblems;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.oauth2.server.resource.web.access.BearerTokenAccessDeniedHandler;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;

/**
 * 401 and 403 as problem+json. The bearer-token handlers first set the status and the RFC 6750
 * {@code WWW-Authenticate} header (which says whether the token was missing, invalid or lacked scope);
 * the body says the same for people. The detail never repeats why a token failed (expired, bad signature),
 * which would help a forger more than a user.
 */
final class ProblemSecurityHandlers implements AuthenticationEntryPoint, AccessDeniedHandler {

    private final BearerTokenAuthenticationEntryPoint bearerEntryPoint = new BearerTokenAuthenticationEntryPoint();
    private final BearerTokenAccessDeniedHandler bearerAccessDenied = new BearerTokenAccessDeniedHandler();

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException e)
            throws IOException {
        bearerEntryPoint.commence(request, response, e);
        ServletProblems.write(
                request,
                response,
                HttpStatus.UNAUTHORIZED,
                "unauthorized",
                "A valid bearer token is required: POST /auth/token at the gateway issues one.");
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException e)
            throws IOException {
        bearerAccessDenied.handle(request, response, e);
        ServletProblems.write(
                request, response, HttpStatus.FORBIDDEN, "forbidden", "Your token does not grant this operation.");
    }
}
